/**
 * Signed GETs to another node's artifact routes (dependency sets, images): the forwarding hop's
 * HMAC over method, path, node, time and nonce, with an empty body. Answers stream: a set or an
 * image is never held in memory whole.
 */
import type { KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { signForward } from './forward.signature.js';

export function signedGet(key: KeyObject, nodeId: string, base: string, path: string): Promise<IncomingMessage> {
  const target = new URL(path, base);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(target, { method: 'GET', headers: signForward(key, nodeId, 'GET', path, Buffer.alloc(0)) });
    req.on('error', reject);
    req.on('response', resolve);
    req.end();
  });
}
