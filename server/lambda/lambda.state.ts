import type { FunctionRow } from '../functions/function.table.js';
import type { FunctionState } from './lambda.shapes.js';

/** The contract's BuildStatus (Function.build.status), as dependency builds report it. */
export type BuildStatus = 'QUEUED' | 'BUILDING' | 'SUCCEEDED' | 'FAILED';

/** What the Lambda API needs to know of a version's dependency build. */
export interface BuildView {
  status: BuildStatus;
  /** The build's log: its end says why a build failed. */
  log?: string;
}

/**
 * The build of the version `row` shows (undefined: it has none), and whether any version of the
 * function can run. With server/builds/: `async (row) => ({ build: await builds.ofVersion(row),
 * hasLiveVersion: row.live_version !== null })`.
 */
export type BuildLookup = (row: FunctionRow) => Promise<{ build: BuildView | undefined; hasLiveVersion: boolean }>;

/** Last characters of a failed build's log shown as the reason (Lambda's reasons are one line or so). */
const REASON_CHARS = 400;

/**
 * Lambda's State and LastUpdateStatus from the newest version's build, so the SDKs' waiters
 * (waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2) wait for it: State is Active once
 * some version can run, Pending while the first build runs, Failed when it failed;
 * LastUpdateStatus follows the newest version's build (InProgress, Failed, Successful).
 */
export function functionState(build: BuildView | undefined, hasLiveVersion: boolean): FunctionState {
  const running = build?.status === 'QUEUED' || build?.status === 'BUILDING';
  const failed = build?.status === 'FAILED';
  const reason = failed ? `The dependency build failed: ${(build.log ?? '').trim().slice(-REASON_CHARS)}` : running ? 'The function is building its dependencies' : undefined;
  return {
    State: hasLiveVersion ? 'Active' : failed ? 'Failed' : running ? 'Pending' : 'Active',
    LastUpdateStatus: running ? 'InProgress' : failed ? 'Failed' : 'Successful',
    ...(reason ? { reason } : {}),
  };
}
