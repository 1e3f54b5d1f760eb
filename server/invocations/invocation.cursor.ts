import { badInput } from '../errors.js';
import type { InvocationRow } from './invocation.table.js';

/** Opaque cursor: the (queued_at, id) position in newest-first order. */
export function encodeCursor(row: Pick<InvocationRow, 'queued_at' | 'id'>): string {
  return Buffer.from(`${row.queued_at}:${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): { queuedAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  const queuedAt = Number(time);
  if (!id || !Number.isSafeInteger(queuedAt)) throw badInput('after is not a valid cursor');
  return { queuedAt, id };
}
