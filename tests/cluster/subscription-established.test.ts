import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue #15. A node publishes a call's invocation events only while some node listens to
// them (events/topic.interest.ts). A subscriber on B that subscribed just before a call ran
// on A could miss its events: A had not heard of B's interest yet. Now a subscription is
// established when the client gets the pong to a ping sent after its subscribe (graphql-ws
// has no acknowledgement per operation): B answers it once every node acknowledged B's
// interest, and no event published after that point is missed. Each round starts with A
// publishing nothing (nobody listens), subscribes on B, pings, and calls on A at once.

const available = await sharedStoresAvailable();
const ROUNDS = 50;

describe.skipIf(!available)('a subscription established on one node misses nothing published on another', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([startTestServer(await nodeConfig(database.url)), startTestServer(await nodeConfig(database.url))]);
    await a.signUp('admin');
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it(`subscribe on B, ping, call on A as soon as the pong is in: both events arrive, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    const user = await a.signUp('established');
    // A function whose calls run on A (its home there), so that A is the node that publishes.
    const registry = a.app.services.cluster!.registry;
    let fn = '';
    for (let i = 0; i < 40 && !fn; i++) {
      const res = await a.gql(`mutation($n: String!) { createFunction(input: { name: $n, runtime: NODE, code: "exports.handler = () => 1" }) { id version } }`, { n: `f${i}` }, user.token);
      const { id, version } = res.data.createFunction;
      if (registry.order(`${id}@${version}`)[0]!.id === registry.id) fn = id;
    }
    expect(fn).not.toBe('');
    const invoke = async () => {
      const res = await a.gql(`mutation($f: ID!) { invokeFunction(id: $f) { id status node } }`, { f: fn }, user.token);
      expect(res.data.invokeFunction).toMatchObject({ status: 'SUCCESS', node: registry.id });
      return res.data.invokeFunction.id as string;
    };
    await invoke(); // warm: the rounds' calls are as quick as calls get

    for (let round = 1; round <= ROUNDS; round++) {
      // Nobody listens: A publishes no invocation event at all.
      await until(() => !a.app.services.publishes('invocation'), `round ${round}: A stopped publishing`);
      const live = await openLive(b.url, user.token);
      try {
        live.send({ id: 's', type: 'subscribe', payload: { query: `subscription($f: ID) { invocationEvents(functionId: $f) { type invocation { id } } }`, variables: { f: fn } } });
        live.send({ type: 'ping', payload: { round } });
        await live.next((m) => m.type === 'pong');
        const id = await invoke();
        const seen = (m: Message) => m.type === 'next' && (m.payload as any)?.data?.invocationEvents?.invocation?.id === id;
        const events = await live.all(seen, 2, `round ${round}: STARTED and FINISHED of ${id}`);
        expect(events.map((m) => (m.payload as any).data.invocationEvents.type)).toEqual(['STARTED', 'FINISHED']);
      } finally {
        live.close();
      }
    }
  });
});

interface Message {
  type: string;
  id?: string;
  payload?: unknown;
}

/** A graphql-ws connection spoken by hand: the client's ping is the point the test relies on. */
async function openLive(httpUrl: string, token: string) {
  const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const received: Message[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Message);
    for (const wake of waiters) wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const send = (message: Message) => socket.send(JSON.stringify(message));
  /** The first `count` messages that match, once they arrived (failing after a generous while). */
  const all = (match: (m: Message) => boolean, count: number, what = 'messages') =>
    new Promise<Message[]>((resolve, reject) => {
      const check = () => {
        const found = received.filter(match);
        if (found.length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found.slice(0, count));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`never got ${what}; got ${JSON.stringify(received)}`));
      }, 15_000);
      waiters.add(check);
      check();
    });
  send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await all((m) => m.type === 'connection_ack', 1, 'connection_ack');
  return { send, all, next: async (match: (m: Message) => boolean) => (await all(match, 1))[0]!, close: () => socket.close() };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400 && !check(); attempt++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`never: ${what}`);
}
