import crypto, { type KeyObject } from 'node:crypto';
import { unauthenticated } from '../errors.js';

/**
 * Authentication of the forwarding hop between nodes. The cluster secret never travels: each
 * request carries an HMAC-SHA256, under a key derived from it, of its method, path, sender,
 * time, a fresh nonce and its body. A receiver refuses a signature that does not match (a
 * forgery, or a body changed on the way), a time outside the window, and a nonce it has seen
 * within the window (a replay of a captured request).
 */
export const FORWARD_HEADERS = {
  node: 'x-fnbox-node',
  timestamp: 'x-fnbox-timestamp',
  nonce: 'x-fnbox-nonce',
  signature: 'x-fnbox-signature',
} as const;

/** How far a request's time may be from the receiver's clock (nodes keep time with NTP). */
export const SIGNATURE_WINDOW_MS = 30_000;

/**
 * The signing key: derived, so that the secret itself (also used elsewhere) is never an HMAC key
 * on the wire. A KeyObject, made once: an HMAC under a Buffer makes one for every request.
 */
export function forwardingKey(clusterSecret: string): KeyObject {
  return crypto.createSecretKey(Buffer.from(crypto.hkdfSync('sha256', clusterSecret, 'fnbox', 'cluster forwarding v1', 32)));
}

function mac(key: KeyObject, method: string, path: string, node: string, timestamp: string, nonce: string, body: Buffer): Buffer {
  return crypto.createHmac('sha256', key).update(`${method}\n${path}\n${node}\n${timestamp}\n${nonce}\n`).update(body).digest();
}

/**
 * Nonces only have to be unique (the signature covers them, so they cannot be chosen by
 * anyone without the key): this process's random prefix and a counter, instead of reading
 * the random source on every call of the hop.
 */
const NONCE_PREFIX = crypto.randomBytes(12).toString('base64url');
let nonceCounter = 0;

/** The headers that authenticate one request from `node`. */
export function signForward(key: KeyObject, node: string, method: string, path: string, body: Buffer, now = Date.now()): Record<string, string> {
  const headers: Record<string, string> = {};
  const signed = signatureHeaders(key, node, method, path, body, now);
  for (let i = 0; i < signed.length; i += 2) headers[signed[i]!] = signed[i + 1]!;
  return headers;
}

/**
 * The same headers as a flat [name, value, ...] list: what the forwarding hop hands to
 * http.request, which then writes them as they are instead of storing them one by one.
 */
export function signatureHeaders(key: KeyObject, node: string, method: string, path: string, body: Buffer, now = Date.now()): string[] {
  const timestamp = String(now);
  const nonce = `${NONCE_PREFIX}.${(nonceCounter++).toString(36)}`;
  const signature = mac(key, method, path, node, timestamp, nonce, body).toString('base64url');
  return [FORWARD_HEADERS.node, node, FORWARD_HEADERS.timestamp, timestamp, FORWARD_HEADERS.nonce, nonce, FORWARD_HEADERS.signature, signature];
}

/** Checks requests and remembers their nonces for the window (bounded: older ones expire). */
export class ForwardVerifier {
  /** Nonce -> when it may be forgotten (its request's time is then outside the window). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly key: KeyObject,
    private readonly maxRemembered = 1_000_000,
  ) {}

  /** The sending node's id; UNAUTHENTICATED for anything not signed by a node, or seen before. */
  verify(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: Buffer, now = Date.now()): string {
    const header = (name: string) => {
      const value = headers[name];
      return typeof value === 'string' ? value : '';
    };
    const node = header(FORWARD_HEADERS.node);
    const timestamp = header(FORWARD_HEADERS.timestamp);
    const nonce = header(FORWARD_HEADERS.nonce);
    const given = Buffer.from(header(FORWARD_HEADERS.signature), 'base64url');
    const expected = mac(this.key, method, path, node, timestamp, nonce, body);
    if (!node || !nonce || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw unauthenticated('Invalid cluster signature');
    const time = Number(timestamp);
    if (!Number.isFinite(time) || Math.abs(now - time) > SIGNATURE_WINDOW_MS) throw unauthenticated('Cluster request outside its time window');
    this.forgetExpired(now);
    if (this.seen.has(nonce)) throw unauthenticated('Cluster request replayed');
    // Full of live nonces: refusing is safer than forgetting one that may be replayed.
    if (this.seen.size >= this.maxRemembered) throw unauthenticated('Too many cluster requests in the window');
    this.seen.set(nonce, time + SIGNATURE_WINDOW_MS);
    return node;
  }

  /** Nonces are remembered in arrival order, whose expiries are nearly ordered: drop from the front. */
  private forgetExpired(now: number): void {
    for (const [nonce, expires] of this.seen) {
      if (expires >= now) break;
      this.seen.delete(nonce);
    }
  }
}
