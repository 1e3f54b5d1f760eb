/**
 * Rendezvous (highest random weight) hashing: every node scores every key, and a key's nodes
 * in order of their scores are its placement order. The first is the key's home; when a node
 * leaves, only the keys it was home to move (to their second), and a node that joins takes
 * about 1/N of the keys, so warm containers stay where they are (OpenWhisk's home invoker,
 * Fn's consistent hashing). A few microseconds for a handful of nodes; no ring to rebuild.
 */
export function rendezvousOrder<T extends { id: string }>(nodes: readonly T[], key: string): T[] {
  if (nodes.length <= 1) return nodes.slice();
  const keyHash = fnv1a(key, 0x811c9dc5);
  return nodes
    .map((node) => ({ node, score: mix(fnv1a(node.id, keyHash)) }))
    .sort((a, b) => b.score - a.score || (a.node.id < b.node.id ? -1 : 1))
    .map((scored) => scored.node);
}

/** FNV-1a over the UTF-16 code units of `text`, continuing from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** MurmurHash3's finalizer: FNV's low bits are weak, and scores must spread evenly. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
