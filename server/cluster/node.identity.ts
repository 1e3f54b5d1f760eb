import crypto from 'node:crypto';

/**
 * A node's id, from the URL the others reach it at: the same node restarted (same
 * FNBOX_NODE_URL) is the same node, whose leftover calls and containers are its own to clean.
 */
export function nodeIdFor(nodeUrl: string): string {
  return 'node-' + crypto.createHash('sha256').update(normalizeNodeUrl(nodeUrl)).digest('hex').slice(0, 12);
}

/** `http://Host:8080/` and `http://host:8080` are one node. */
export function normalizeNodeUrl(nodeUrl: string): string {
  const url = new URL(nodeUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FNBOX_NODE_URL must be an http(s) URL, not ${nodeUrl}`);
  return url.origin;
}
