import type { IncomingMessage, ServerResponse } from 'node:http';
import net, { BlockList } from 'node:net';
import { AppError, badInput, isAppError } from '../errors.js';

export class PayloadTooLarge extends AppError {
  constructor(limit: number) {
    super('BAD_USER_INPUT', `Request body exceeds ${limit} bytes`);
    (this as { httpStatus: number }).httpStatus = 413;
  }
}

/** Reads the whole body, refusing more than `limit` bytes without buffering them. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new PayloadTooLarge(limit));
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
    req.on('error', reject);
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
    if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
    sendJson(res, error.httpStatus, { error: { code: error.code, message: error.message }, detail: error.message }, headers);
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
