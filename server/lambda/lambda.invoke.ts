import type { InvocationRow } from '../invocations/invocation.table.js';
import { lambdaError } from './lambda.errors.js';

/**
 * Invoke's request and response, as Lambda's: the payload is the event (empty: `{}`); the
 * response body is the result, or, when the function failed, `{errorMessage, errorType,
 * stackTrace}` with `X-Amz-Function-Error: Unhandled`, still a 200.
 */
export const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;
export type InvocationType = (typeof INVOCATION_TYPES)[number];
/** Lambda returns at most this much of the end of the logs in `X-Amz-Log-Result`. */
const TAIL_BYTES = 4 * 1024;

export function invocationType(header: string | string[] | undefined): InvocationType {
  const value = typeof header === 'string' && header !== '' ? header : 'RequestResponse';
  if (!(INVOCATION_TYPES as readonly string[]).includes(value)) throw lambdaError('InvalidParameterValueException', `InvocationType must be one of ${INVOCATION_TYPES.join(', ')}`);
  return value as InvocationType;
}

export function parsePayload(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw lambdaError('InvalidRequestContentException', 'Could not parse request body into json: the payload must be JSON');
  }
}

export interface InvokeResponse {
  headers: Record<string, string>;
  body: string;
}

export function invokeResponse(row: InvocationRow, executedVersion: string, tail: boolean): InvokeResponse {
  const headers: Record<string, string> = { 'x-amz-executed-version': executedVersion, 'x-fnbox-invocation-id': row.id };
  if (tail) headers['x-amz-log-result'] = logTail(row);
  if (row.status === 'SUCCESS') return { headers, body: row.result ?? 'null' };
  headers['x-amz-function-error'] = 'Unhandled';
  return { headers, body: JSON.stringify(functionError(row)) };
}

/** Lambda's error document, read from the agent's "Type: message" plus the user's stack frames. */
function functionError(row: InvocationRow) {
  if (row.status === 'TIMEOUT') return { errorType: 'Sandbox.Timedout', errorMessage: row.error ?? 'Task timed out' };
  if (row.status === 'OOM') return { errorType: 'Runtime.OutOfMemory', errorMessage: row.error ?? 'Runtime exited: out of memory' };
  const lines = (row.error ?? 'Error').split('\n');
  // Python puts the "Type: message" line last, after the traceback; Node first, before the stack.
  const headAt = lines.findIndex((line) => line !== 'Traceback (most recent call last):' && !/^\s/.test(line));
  const head = lines[headAt] ?? lines[0]!;
  const typed = /^([A-Za-z_$][\w.$]*): ?([\s\S]*)$/.exec(head);
  const stackTrace = lines.filter((line, i) => i !== headAt && line !== 'Traceback (most recent call last):').map((line) => line.trim()).filter(Boolean);
  return { errorMessage: typed ? typed[2]! : head, errorType: typed ? typed[1]! : 'Error', stackTrace, fnboxStatus: row.status };
}

/** The end of the logs, as Lambda's Tail: base64 of at most 4 KB, cut at a character boundary, with a REPORT line. */
function logTail(row: InvocationRow): string {
  const report = `REPORT RequestId: ${row.id}\tDuration: ${(row.duration_ms ?? 0).toFixed(2)} ms\t${row.memory_peak_mb != null ? `Max Memory Used: ${Math.round(row.memory_peak_mb)} MB\t` : ''}\n`;
  const text = Buffer.from(row.logs + report, 'utf8');
  let start = Math.max(0, text.length - TAIL_BYTES);
  while (start < text.length && (text[start]! & 0xc0) === 0x80) start++; // not inside a UTF-8 sequence
  return text.subarray(start).toString('base64');
}
