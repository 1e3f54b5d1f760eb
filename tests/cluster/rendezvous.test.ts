import { describe, expect, it } from 'vitest';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { rendezvousOrder } from '../../server/cluster/rendezvous.js';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ id: nodeIdFor(`http://10.0.0.${i + 1}:8080`) }));
const keys = Array.from({ length: 3000 }, (_, i) => `fn-${i}@1`);
const homes = (ring: { id: string }[]) => new Map(keys.map((key) => [key, rendezvousOrder(ring, key)[0]!.id]));

describe('rendezvous placement', () => {
  it('orders every node for a key, the same way on every node', () => {
    const ring = nodes(4);
    const order = rendezvousOrder(ring, 'fn-1@3');
    expect(order.map((n) => n.id).sort()).toEqual(ring.map((n) => n.id).sort());
    expect(rendezvousOrder([...ring].reverse(), 'fn-1@3')).toEqual(order);
  });

  it('spreads keys evenly over the nodes', () => {
    const counts = new Map<string, number>();
    for (const home of homes(nodes(4)).values()) counts.set(home, (counts.get(home) ?? 0) + 1);
    for (const count of counts.values()) expect(Math.abs(count - keys.length / 4)).toBeLessThan(keys.length * 0.05);
  });

  it('moves only the keys of a node that leaves, and about 1/N of them to a node that joins', () => {
    const four = homes(nodes(4));
    const three = homes(nodes(3));
    const gone = nodes(4)[3]!.id;
    for (const key of keys) if (four.get(key) !== gone) expect(three.get(key)).toBe(four.get(key));
    const five = homes(nodes(5));
    const moved = keys.filter((key) => five.get(key) !== four.get(key));
    expect(moved.every((key) => five.get(key) === nodes(5)[4]!.id)).toBe(true);
    expect(Math.abs(moved.length - keys.length / 5)).toBeLessThan(keys.length * 0.05);
  });

  it('names a node by its URL, the same after a restart', () => {
    expect(nodeIdFor('http://Node-A:8080/')).toBe(nodeIdFor('http://node-a:8080'));
    expect(nodeIdFor('http://node-a:8080')).not.toBe(nodeIdFor('http://node-a:8081'));
  });
});
