import http from 'node:http';
import https from 'node:https';
import { AppError, isErrorCode, unavailable } from '../errors.js';
import type { InvocationRow, InvocationTrigger } from '../invocations/invocation.table.js';
import type { KeyObject } from 'node:crypto';
import { signatureHeaders } from './forward.signature.js';
import { nodeIdFor } from './node.identity.js';

export const FORWARD_PATH = '/_cluster/invocations';
/** On a refusal: nothing ran there, the call may go to the next node. */
export const REFUSED_HEADER = 'x-fnbox-refused';

/** What the sender knows of the call; the receiver checks nothing more than the signature. */
export interface ForwardedCall {
  functionId: string;
  version: number;
  input: string | null;
  trigger: InvocationTrigger;
  /** An attempt of async work the sender claimed: its record (QUEUED already) as the receiver must continue it. */
  accepted?: AcceptedAttempt;
}

/** What identifies an attempt of async work beyond the call itself. */
export type AcceptedAttempt = Pick<InvocationRow, 'id' | 'attempt' | 'first_attempt_id' | 'original_trigger' | 'parent_invocation_id' | 'call_depth' | 'queued_at'>;

export type ForwardAnswer = { ran: InvocationRow } | { refused: AppError };

const NO_BODY = Buffer.alloc(0);

/**
 * The request for `call`: the event travels as the body, as the caller's JSON text (no JSON
 * inside JSON to escape and parse again); what to run is in the path, which the signature covers,
 * as it covers the node it is for (`to`, its id): captured on the wire, it is refused by every
 * other node of the cluster (each remembers only the nonces it saw).
 */
export function forwardRequest(call: ForwardedCall, to: string): { path: string; body: Buffer } {
  // Built by hand: a URLSearchParams per call costs more than the four values it encodes.
  let path = `${FORWARD_PATH}?to=${encodeURIComponent(to)}&fn=${encodeURIComponent(call.functionId)}&v=${call.version}&t=${call.trigger}&i=${call.input === null ? '0' : '1'}`;
  // An async attempt (rare) carries its record's identity, signed with the rest of the path.
  if (call.accepted) path += `&a=${encodeURIComponent(JSON.stringify(call.accepted))}`;
  return { path, body: call.input === null ? NO_BODY : Buffer.from(call.input) };
}

/** The call a forwarded request carries (its signature already checked). */
export function forwardedCall(query: URLSearchParams, body: Buffer): ForwardedCall {
  return {
    functionId: query.get('fn') ?? '',
    version: Number(query.get('v')),
    trigger: query.get('t') as InvocationTrigger,
    input: query.get('i') === '1' ? body.toString() : null,
    ...(query.has('a') ? { accepted: JSON.parse(query.get('a')!) as AcceptedAttempt } : {}),
  };
}

/** Errors of calls cut off while the receiving node ran them (it died): they may have run there. */
const lostMidCall = new WeakSet<object>();
export const wasLostMidCall = (error: unknown): boolean => typeof error === 'object' && error !== null && lostMidCall.has(error);
export function nodeLost(): AppError {
  const error = unavailable('The node running the call stopped answering (node lost)');
  lostMidCall.add(error);
  return error;
}

/** Connection errors that mean the request never reached a server: safe to send elsewhere. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * The sending side of the hop: one keep-alive connection pool per node process (the hop costs
 * a write and a read on an open connection, no handshake), each request signed.
 */
export class ForwardClient {
  // noDelay: a request or an answer is one write, never held back waiting for an ACK.
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo', noDelay: true }),
    https: new https.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo', noDelay: true }),
  };

  constructor(
    private readonly key: KeyObject,
    private readonly nodeId: string,
  ) {}

  /**
   * Runs the call on the node at `url`. Its record is that node's; it answers with the finished
   * invocation, or refuses (full, draining, engine down: nothing ran). A node lost while the
   * call ran there is an UNAVAILABLE error here, and its survivors fail the record.
   */
  forward(url: string, call: ForwardedCall): Promise<ForwardAnswer> {
    const target = this.target(url);
    const { path, body } = forwardRequest(call, target.nodeId);
    // Headers as a flat list, written as they are (http.request then neither stores nor
    // re-validates them one by one); with a list it adds no Host itself.
    const headers = ['host', target.host, 'content-type', 'application/json', 'content-length', String(body.length), ...signatureHeaders(this.key, this.nodeId, 'POST', path, body)];
    return new Promise((resolve, reject) => {
      const req = target.transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, path, method: 'POST', agent: target.agent, headers });
      target.inFlight.add(req);
      req.once('close', () => target.inFlight.delete(req));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Refused at connect: the request was not read there. A connection reset may have cut
        // a call that ran (a pooled connection the node closed as idle is not: a draining node
        // closes them after its answers, see forward.rest.ts), so it is not tried again.
        if (NOT_DELIVERED.has(error.code ?? '')) resolve({ refused: unavailable(`node at ${target.origin} is unreachable`) });
        else reject(nodeLost());
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Cut off mid-answer: the node died while sending it (a second settle is a no-op).
        const lost = () => reject(nodeLost());
        res.on('error', lost);
        res.on('close', () => !res.complete && lost());
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            if (res.statusCode === 200) {
              // Answered without the input, which the sender has.
              const row = JSON.parse(text) as InvocationRow;
              row.input = call.input;
              return resolve({ ran: row });
            }
            const error = toAppError(res.statusCode ?? 500, text);
            if (res.headers[REFUSED_HEADER] === '1') resolve({ refused: error });
            else reject(error);
          } catch (error) {
            reject(error);
          }
        });
      });
      req.end(body);
    });
  }

  private readonly targets = new Map<string, Target>();

  /** Cuts the requests waiting on the node at `url` (it went silent): they end "node lost". */
  cut(url: string): void {
    // An error of no connect phase: the request may have run there, so it is not tried elsewhere.
    for (const req of this.targets.get(url)?.inFlight ?? []) req.destroy(Object.assign(new Error('the node went silent'), { code: 'ESILENT' }));
  }

  /** What requests to the node at `url` share, parsed once. */
  private target(url: string): Target {
    let target = this.targets.get(url);
    if (!target) {
      const { protocol, hostname, port, host, origin } = new URL(url);
      const secure = protocol === 'https:';
      target = { protocol, hostname, port, host, origin, nodeId: nodeIdFor(url), transport: secure ? https : http, agent: secure ? this.agents.https : this.agents.http, inFlight: new Set() };
      this.targets.set(url, target);
    }
    return target;
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

interface Target {
  protocol: string;
  hostname: string;
  port: string;
  /** hostname:port, as the Host header names it. */
  host: string;
  origin: string;
  /** The node's id, which its requests are signed for. */
  nodeId: string;
  transport: typeof http | typeof https;
  agent: http.Agent;
  /** Requests sent and not yet answered. */
  inFlight: Set<http.ClientRequest>;
}

export function toAppError(status: number, text: string): AppError {
  let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not ours */
  }
  const code = parsed?.error?.code;
  const message = typeof parsed?.error?.message === 'string' ? parsed.error.message : `Forwarded call failed (${status})`;
  return isErrorCode(code) ? new AppError(code, message, code === 'TOO_MANY_REQUESTS' || code === 'UNAVAILABLE' ? 1 : undefined) : unavailable(message);
}
