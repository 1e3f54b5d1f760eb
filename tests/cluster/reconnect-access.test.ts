import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, wsClient } from '../live/ws.client.js';
import { postgresAvailable } from '../support/postgres.js';
import { redisAvailable } from '../support/redis.js';
import { startRelayedPair, type RelayedPair } from '../support/redis.relayed-pair.js';
import type { TestServer } from '../support/test-server.js';

// Issue #15. A role change travels to every node as an event; a node whose Redis subscriber
// connection was away when it went out never hears it. It drops its caches when it is back,
// and must also re-authorise its open subscriptions: an admin demoted meanwhile (on another
// node) loses the streams that need the old rights. Only B's subscriber connection is cut,
// by CLIENT KILL of its id (found through B's relay), while the relay refuses new connections
// for a moment; the shared Redis and its other clients are left alone.

const available = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!available)('a node back after its Redis subscription dropped re-authorises its live streams', () => {
  let pair: RelayedPair;
  let a: TestServer;
  let b: TestServer;
  let proxy: RelayedPair['proxy'];
  let probe: RelayedPair['probe'];
  let admin: { token: string };

  beforeAll(async () => {
    pair = await startRelayedPair();
    ({ a, b, proxy, probe, admin } = pair);
  });

  afterAll(async () => {
    await pair?.close();
  });

  const subscribers = () => pair.subscribers();
  const until = (check: () => Promise<boolean> | boolean, what: string) => pair.until(check, what, 300);
  /** The id of B's subscribed connection: of the relay's connections, the one in subscriber mode. */
  const bSubscriberId = async (): Promise<string> => {
    const ports = new Set(proxy.upstreamPorts().map(String));
    const clients = String(await probe.client('LIST')).split('\n').filter(Boolean);
    const mine = clients.map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2) as [string, string]))).filter((c) => ports.has(c.addr?.split(':').pop() ?? ''));
    const subscribed = mine.filter((c) => Number(c.sub) > 0 || Number(c.psub) > 0);
    expect(subscribed).toHaveLength(1);
    return subscribed[0]!.id!;
  };

  it("ends an admin's admin-only stream on B with FORBIDDEN when the admin was demoted on A while B's subscription was away", async () => {
    const target = await a.signUp('demoted-admin');
    const promoted = await a.gql('mutation($id: ID!) { setUserRole(id: $id, role: ADMIN) { role } }', { id: target.id }, admin.token);
    expect(promoted.data.setUserRole.role).toBe('ADMIN');

    const client = wsClient(b.url, target.token);
    try {
      const live = subscribe<{ platformStats: { __typename: string } }>(client, 'subscription { platformStats { __typename } }');
      // The stream pushes a first value at once: it is open and watched on B.
      await live.until((s) => s.data.length > 0 || s.failure !== undefined);
      expect(live.failure).toBeUndefined();

      await until(async () => (await subscribers()) === 2, 'both nodes subscribed');
      proxy.refuseNew();
      await probe.client('KILL', 'ID', await bSubscriberId());
      await until(async () => (await subscribers()) === 1, "B's subscription dropped");
      const demoted = await a.gql('mutation($id: ID!) { setUserRole(id: $id, role: USER) { role } }', { id: target.id }, admin.token);
      expect(demoted.data.setUserRole.role).toBe('USER');
      proxy.restore();
      await until(async () => (await subscribers()) === 2, 'B subscribed again');

      // The event was missed; the reconnect itself re-checks the stream (no need to wait for its next value).
      await until(() => live.results.some((r) => r.errors?.length) || live.failure !== undefined, 'the stream ended');
      const ended = live.results.find((r) => r.errors?.length);
      expect(ended?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});
