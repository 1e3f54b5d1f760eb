import crypto from 'node:crypto';
import type { Runtime } from '../executor/executor.types.js';
import type { FunctionRow } from '../functions/function.table.js';

/**
 * fnbox functions in the shapes of the Lambda API reference (FunctionConfiguration,
 * AliasConfiguration), so the AWS SDKs and CLI parse them.
 */

/** The runtime each fnbox runtime reports: what its image runs (server/executor/images/image.tags.ts). */
export const LAMBDA_RUNTIME: Record<Runtime, string> = { PYTHON: 'python3.12', NODE: 'nodejs20.x' };
/** Lambda's default handler names, reported for one-file code (which defines `handler` itself). */
export const DEFAULT_HANDLER: Record<Runtime, string> = { PYTHON: 'main.handler', NODE: 'index.handler' };

/** A stable 12-digit "account" per user, as ARNs need one. */
export function accountIdFor(userId: string): string {
  const digest = crypto.createHash('sha256').update(`fnbox account ${userId}`).digest();
  return (digest.readBigUInt64BE(0) % 1_000_000_000_000n).toString().padStart(12, '0');
}

export function functionArn(region: string, fn: Pick<FunctionRow, 'owner_id' | 'name'>, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${accountIdFor(fn.owner_id)}:function:${fn.name}${qualifier ? `:${qualifier}` : ''}`;
}

/** Lambda's own timestamp format: "2026-11-30T07:00:00.000+0000". */
export const lambdaTimestamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export interface FunctionState {
  State: 'Pending' | 'Active' | 'Failed';
  LastUpdateStatus: 'InProgress' | 'Successful' | 'Failed';
  reason?: string;
}

export interface ConfigurationSource {
  fn: FunctionRow;
  region: string;
  /** Bytes of the function's code (every file of a bundle). */
  codeSize: number;
  state: FunctionState;
  /** "$LATEST", or the number of a published version. */
  version: string;
  /** What the ARN ends with when addressed with a qualifier (a version or an alias name). */
  arnQualifier?: string;
  /** What the version ran (a published version's own settings); the function's by default. */
  settings?: FunctionRow;
}

export function functionConfiguration({ fn, region, codeSize, state, version, arnQualifier, settings = fn }: ConfigurationSource) {
  const account = accountIdFor(fn.owner_id);
  const variables = JSON.parse(settings.env) as Record<string, string>;
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(region, fn, arnQualifier),
    Runtime: LAMBDA_RUNTIME[settings.runtime],
    Role: `arn:aws:iam::${account}:role/fnbox`,
    Handler: settings.handler ?? DEFAULT_HANDLER[settings.runtime],
    CodeSize: codeSize,
    Description: '',
    // fnbox counts milliseconds; Lambda whole seconds (at least one).
    Timeout: Math.max(1, Math.round(settings.timeout_ms / 1000)),
    MemorySize: settings.memory_mb,
    LastModified: lambdaTimestamp(settings.updated_at),
    // A bundle's digest is the SHA-256 of its canonical tar (bundles/bundle.codec.ts), not of the zip sent.
    CodeSha256: settings.bundle_digest ? Buffer.from(settings.bundle_digest, 'hex').toString('base64') : crypto.createHash('sha256').update(settings.code).digest('base64'),
    Version: version,
    ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: revisionId(settings),
    State: state.State,
    ...(state.State !== 'Active' && state.reason ? { StateReason: state.reason } : {}),
    LastUpdateStatus: state.LastUpdateStatus,
    ...(state.LastUpdateStatus !== 'Successful' && state.reason ? { LastUpdateStatusReason: state.reason } : {}),
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    // Extension: the platform's own id, which addresses the function too.
    FnboxFunctionId: fn.id,
  };
}

export type FunctionConfiguration = ReturnType<typeof functionConfiguration>;

/** Changes with every write of the function (Lambda's optimistic-locking token). */
export function revisionId(fn: Pick<FunctionRow, 'id' | 'version' | 'updated_at'>): string {
  const hex = crypto.createHash('sha256').update(`${fn.id}:${fn.version}:${fn.updated_at}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
