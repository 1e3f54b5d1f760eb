import type { IncomingMessage, ServerResponse } from 'node:http';
import net, { BlockList, type Socket } from 'node:net';
import { AppError, badInput, isAppError } from '../errors.js';

export class PayloadTooLarge extends AppError {
  constructor(limit: number) {
    super('BAD_USER_INPUT', `Request body exceeds ${limit} bytes`);
    (this as { httpStatus: number }).httpStatus = 413;
  }
}

/** After a refused body, at most this long and about this much more of it is read (and dropped) before the connection is cut. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 16 * 1024 * 1024;
const LINGER_CHECK_MS = 50;

/**
 * Makes the connection close once the response is out, after reading (and dropping) what the
 * client still sends of its body, within LINGER_MS and LINGER_BYTES: closing a socket with
 * unread data sends a reset, and a client still writing a refused body then gets a write error
 * instead of the response (nginx's and Apache's lingering close). The caller sends
 * `Connection: close`, after which Node ends the socket with destroySoon(): replaced here.
 * Counted on the socket: Node discards an unread body without emitting it.
 */
export function closeAfterResponse(res: ServerResponse): void {
  const socket = res.socket;
  const req = res.req;
  if (!socket || !req) return;
  (socket as Socket & { destroySoon(): void }).destroySoon = () => {
    socket.end(); // the response is complete; server sockets are half-open, so reading goes on
    const started = Date.now();
    const readBefore = socket.bytesRead;
    const watch = setInterval(() => {
      // All of the body read (nothing left to reset the connection with), too much, or too long.
      const done = req.complete && socket.writableFinished;
      if (done || socket.bytesRead - readBefore > LINGER_BYTES || Date.now() - started > LINGER_MS) socket.destroy();
    }, LINGER_CHECK_MS);
    socket.once('close', () => clearInterval(watch));
    req.resume();
  };
}

const NO_BODY = Buffer.alloc(0);

/** Reads the whole body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new PayloadTooLarge(limit));
  // No body (a GET, most often) and the parser already saw the request's end: nothing to wait
  // for. Node drops the empty stream itself once the response is sent.
  if (req.complete && req.readableLength === 0 && declared === 0 && req.headers['transfer-encoding'] === undefined) return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new PayloadTooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // The client went away mid-body ('aborted', a reset): its doing, not a server error to log.
    req.on('error', () => reject(badInput('The request body was cut off')));
  });
}

/** JSON or form body as an object; an empty body is `undefined`. */
export async function readStructuredBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString()));
  try {
    return JSON.parse(raw.toString());
  } catch {
    throw badInput('Request body must be valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** Sends text that is already JSON (a stored result) without parsing and re-encoding it. */
export function sendJsonText(res: ServerResponse, status: number, payload: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/**
 * `{error: {code, message}, detail: message}`: `detail` keeps the original FastAPI
 * service's clients working.
 */
export function sendError(res: ServerResponse, error: unknown, onUnexpected: (error: unknown) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error instanceof PayloadTooLarge) {
      headers.connection = 'close';
      closeAfterResponse(res);
    }
    if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
    sendJson(res, error.httpStatus, { error: { code: error.code, message: error.message, ...(error.quota ? { quota: error.quota } : {}) }, detail: error.message }, headers);
    return;
  }
  onUnexpected(error);
  sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }, detail: 'Internal server error' });
}

/**
 * The client's address: the socket's, unless the socket is one of the `trustProxy` proxies
 * (addresses or CIDRs, comma-separated, FNBOX_TRUST_PROXY); then `X-Forwarded-For` read from
 * the right, skipping trusted proxies, so a client cannot choose its address by sending one.
 */
export function clientAddress(req: IncomingMessage, trustProxy = ''): string {
  const socket = plainAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trustProxy) return socket;
  const trusted = trustedProxies(trustProxy);
  if (!isTrusted(trusted, socket)) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => net.isIP(hop) !== 0);
  for (let i = forwarded.length - 1; i >= 0; i--) if (!isTrusted(trusted, forwarded[i]!)) return forwarded[i]!;
  return forwarded[0] ?? socket;
}

const proxyLists = new Map<string, BlockList>();

function trustedProxies(list: string): BlockList {
  let blocks = proxyLists.get(list);
  if (blocks) return blocks;
  blocks = new BlockList();
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const type = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (net.isIP(address) === 0) throw new Error(`FNBOX_TRUST_PROXY: "${entry}" is not an address or CIDR`);
    if (bits === undefined) blocks.addAddress(address, type);
    else blocks.addSubnet(address, Number(bits), type);
  }
  proxyLists.set(list, blocks);
  return blocks;
}

function isTrusted(blocks: BlockList, address: string): boolean {
  const type = net.isIP(address);
  return type !== 0 && blocks.check(address, type === 6 ? 'ipv6' : 'ipv4');
}

/** "::ffff:10.0.0.1" (an IPv4 client of a dual-stack socket) -> "10.0.0.1". */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && net.isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
