import type { Db } from '../db/database.js';
import type { FunctionCall, FunctionCallReply } from '../executor/executor.types.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationFilter } from './invocation.filter.js';
import type { InvocationRow, InvocationTrigger } from './invocation.table.js';

export const PLATFORM_RESTARTED = 'platform restarted';
/** What a cluster's survivors record on the calls a lost node was running (server/cluster/). */
export const NODE_LOST = 'node lost';

/**
 * Where calls run in a cluster (server/cluster/cluster.placement.ts): on this node through
 * `runHere`, or forwarded to another. Chosen at start-up; a single node has none.
 */
export interface InvocationPlacement {
  place(fn: FunctionRow, input: string | null, trigger: InvocationTrigger): Promise<InvocationRow>;
  /** An attempt of durable async work, already recorded QUEUED and leased by this node: run it on its home node. */
  placeAccepted(fn: FunctionRow, row: InvocationRow): Promise<InvocationRow>;
}

/**
 * Errors of calls refused before they started (queue full, no room, engine down): nothing ran
 * and nothing stays recorded, so a cluster may try another node. A set rather than a flag on
 * the error, whose type belongs to every domain.
 */
const refusedBeforeStart = new WeakSet<object>();
export const wasRefusedBeforeStart = (error: unknown): boolean => typeof error === 'object' && error !== null && refusedBeforeStart.has(error);
export function markRefusedBeforeStart(error: unknown): void {
  if (typeof error === 'object' && error !== null) refusedBeforeStart.add(error);
}

export type InvocationObserver = (row: InvocationRow) => void;
/** Gets the invocations a crash interrupted, in the transaction that marks them ERROR. */
export type RecoveryObserver = (rows: InvocationRow[], trx: Db) => Promise<void>;

export type Position = { queuedAt: number; id: string };

/** A callee's link to the invocation whose function called it (`context.invoke`). */
export interface CallLink {
  parentInvocationId: string;
  /** The callee's depth: the caller's + 1. */
  depth: number;
}

/** Answers a function's `context.invoke` (server/calls/): `caller` is the invocation running it. */
export type FunctionCallHandler = (caller: { fn: FunctionRow; row: InvocationRow }, call: FunctionCall) => Promise<FunctionCallReply>;
export interface InvocationPageOptions {
  functionId?: string | null;
  filter?: InvocationFilter;
  limit: number;
  olderThan?: Position;
  newerThan?: Position;
}
