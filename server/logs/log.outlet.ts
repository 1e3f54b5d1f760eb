import { tooManyRequests } from '../errors.js';
import type { InvocationRow } from '../invocations/invocation.table.js';
import type { LogChunk, LogChunkEvent } from './log.events.js';

/** What a subscriber may leave unread before its stream ends (as events/event.fanout.ts). */
const MAX_BACKLOG = 256;
const MAX_BACKLOG_CHARS = 16 * 1024 * 1024;

/** Pushes chunks to one subscriber; one that stops reading is ended rather than buffered for. */
export function chunkOutlet(push: (chunk: LogChunk) => Promise<unknown>, stop: (error?: unknown) => unknown): (chunk: LogChunk) => void {
  let backlog = 0;
  let backlogChars = 0;
  return (chunk) => {
    backlog++;
    backlogChars += chunk.text.length;
    if (backlog > MAX_BACKLOG || backlogChars > MAX_BACKLOG_CHARS) return void stop(tooManyRequests('Too many log chunks unread: subscribe again'));
    void push(chunk).then(() => {
      backlog--;
      backlogChars -= chunk.text.length;
    });
  };
}

/** A piece of a running invocation's output, as subscribers get it. */
export const liveChunk = ({ invocationId, functionId, seq, offset, text, at }: LogChunkEvent): LogChunk => ({ invocationId, functionId, seq, offset, text, at, final: false });

/** An invocation's end: the rest of its stored logs after `offset` (what its follower has). */
export const finalChunk = (row: InvocationRow, seq: number, offset: number): LogChunk => ({
  invocationId: row.id,
  functionId: row.function_id,
  seq,
  offset,
  text: row.logs.length > offset ? row.logs.slice(offset) : '',
  at: row.finished_at ?? Date.now(),
  final: true,
});
