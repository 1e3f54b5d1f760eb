import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, waitHealthy } from '../../scripts/cluster.mjs';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { RedisLiveness } from '../../server/cluster/node.redis-liveness.js';
import { NodeRegistry } from '../../server/cluster/node.registry.js';
import { NodeRepository } from '../../server/cluster/node.repository.js';
import { loadConfig } from '../../server/config.js';
import { openStore, type Db } from '../../server/db/database.js';
import { createEventBus } from '../../server/events/event.bus.js';
import { connectRedisEvents, type RedisEvents } from '../../server/events/redis.events.js';
import { CLUSTER_SECRET, clusterRedisPrefix, freePort, nodeConfig, REDIS_URL, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Node liveness through Redis (FNBOX_REDIS_URL): heartbeats are Redis hashes, membership changes
// travel on a pub/sub channel, a lost node is claimed by exactly one survivor. A node process
// (scripts/cluster.mjs, on the host's engine: nodes with separate data dirs never touch each
// other's containers) joins, drains on SIGTERM and is killed with SIGKILL, watched by an
// in-process node (the survivor) and by a registry that reads Redis only once a minute, so
// whatever it sees sooner came over the channel.

const available = await sharedStoresAvailable();
const HOST_ENGINE = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const NODE_ENV = { FNBOX_HEARTBEAT_MS: '200', FNBOX_NODE_TIMEOUT_MS: '1500', FNBOX_DRAIN_GRACE_MS: '300', FNBOX_STEM_CELLS: '0', LOG_LEVEL: 'warn' };
/** The watcher's own heartbeat (it reads the ring this seldom): far longer than any wait below. */
const SLOW_HEARTBEAT_MS = 10 * 60_000;

describe.skipIf(!available)('node liveness through Redis', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let db: Db;
  let survivor: TestServer;
  let workDir: string;
  let redis: RedisEvents;
  let watcher: NodeRegistry;
  let nodePort: number;
  let nodeUrl: string;
  let node: Awaited<ReturnType<typeof startNode>> | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-liveness-'));
    // Retries of async work come quickly here (the home-lost test waits for one).
    survivor = await startTestServer(await nodeConfig(database.url, { executor: { stemCellsPerRuntime: 0 } as never, async: { ...loadConfig({}).async, retryBackoffMs: 200 } }));
    db = await openStore({ dataDir: workDir, databaseUrl: database.url });
    const prefix = clusterRedisPrefix(database.url);
    redis = await connectRedisEvents(REDIS_URL, pino({ level: 'silent' }), prefix);
    const config = { heartbeatMs: SLOW_HEARTBEAT_MS, nodeTimeoutMs: 3 * SLOW_HEARTBEAT_MS, drainGraceMs: 0 };
    const liveness = new RedisLiveness(redis.commands, prefix, new NodeRepository(db), createEventBus({ eventTarget: redis.eventTarget }), config.nodeTimeoutMs);
    // Watches without joining (it never beats, so no node declares it lost): its ring moves only with the channel.
    const noStats = () => ({ runtimes: {}, queued: 0, containers: 0, stemPools: [] }) as never;
    watcher = new NodeRegistry('node-watcher0000', 'http://127.0.0.1:9', liveness, config, noStats, async () => true, async () => 0, pino({ level: 'silent' }));
    await watcher.watch();
    nodePort = await freePort();
    nodeUrl = `http://127.0.0.1:${nodePort}`;
  });

  afterAll(async () => {
    await node?.stop('SIGKILL');
    await watcher?.leave();
    await redis?.close();
    await survivor?.close();
    await db?.destroy();
    await database?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const launch = async (env: Record<string, string> = {}) => {
    node = await startNode({
      index: 1,
      port: nodePort,
      dockerHost: HOST_ENGINE,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      secret: CLUSTER_SECRET,
      dataDir: path.join(workDir, 'node'),
      logFile: path.join(workDir, 'node.log'),
      env: { ...NODE_ENV, FNBOX_REDIS_PREFIX: clusterRedisPrefix(database.url), ...env },
    });
    await waitHealthy(node.url);
    return node;
  };
  const sees = (registry: NodeRegistry, url: string) => registry.order('any').some((n) => n.url === url);
  const survivorRegistry = () => survivor.app.services.cluster!.registry;

  it('a join and a drain reach every node at once over the channel, not at its next heartbeat', async () => {
    await launch();
    await until(() => sees(watcher, nodeUrl));
    await until(() => sees(survivorRegistry(), nodeUrl));
    // The ring is Redis's: the database row is written on joining, not per heartbeat.
    const joined = await db.selectFrom('nodes').selectAll().where('url', '=', nodeUrl).executeTakeFirstOrThrow();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const later = await db.selectFrom('nodes').selectAll().where('url', '=', nodeUrl).executeTakeFirstOrThrow();
    expect(later.last_seen_at).toBe(joined.last_seen_at);
    expect(later.status).toBe('UP');
    const hash = await redis.commands.hgetall(`${clusterRedisPrefix(database.url)}node:${joined.id}`);
    expect(hash.status).toBe('UP');
    expect(Number(hash.last_seen_at)).toBeGreaterThan(Number(joined.last_seen_at));

    // SIGTERM: it drains (out of every ring at once), then leaves.
    const drainedAt = Date.now();
    const exited = node!.stop('SIGTERM');
    await until(() => !sees(watcher, nodeUrl));
    console.log(`drain seen by a node that reads Redis every ${SLOW_HEARTBEAT_MS / 60_000} min: ${Date.now() - drainedAt} ms after SIGTERM`);
    expect(sees(survivorRegistry(), nodeUrl)).toBe(false);
    expect((await exited).code).toBe(0);
    const left = await db.selectFrom('nodes').select('status').where('url', '=', nodeUrl).executeTakeFirstOrThrow();
    expect(left.status).toBe('DOWN');
  });

  it('kill -9: a survivor declares it lost from Redis within the timeout, fails its calls, and every ring drops it', async () => {
    await launch();
    await until(() => sees(watcher, nodeUrl) && sees(survivorRegistry(), nodeUrl));
    const lostId = nodeIdFor(nodeUrl);
    // A call it was running when it died (recorded as the hop's receiver records one).
    const user = await survivor.signUp('liveness');
    const created = await survivor.gql(`mutation { createFunction(input: { name: "victim", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token);
    const fn = (await survivor.app.services.functions.find(created.data.createFunction.id))!;
    const running = survivor.app.services.invocations.newRecord(fn, null, 'GRAPHQL');
    await db.insertInto('invocations').values({ ...running, node_id: lostId, status: 'RUNNING', started_at: Date.now() }).execute();

    const killedAt = Date.now();
    node!.child.kill('SIGKILL');
    await node!.exited;
    node = undefined;
    // Within the node timeout (1.5 s) plus a heartbeat or two; the bound here only keeps a broken run from hanging.
    await until(async () => (await db.selectFrom('invocations').select('status').where('id', '=', running.id).executeTakeFirst())?.status === 'ERROR', 30_000);
    const failed = await db.selectFrom('invocations').select('error').where('id', '=', running.id).executeTakeFirstOrThrow();
    expect(failed.error).toBe('node lost');
    console.log(`kill -9 declared lost (its call failed) ${Date.now() - killedAt} ms after the kill (node timeout 1500 ms, heartbeat 200 ms)`);
    expect(sees(survivorRegistry(), nodeUrl)).toBe(false);
    // The watcher heard it from the survivor's announcement, not from a heartbeat of its own.
    await until(() => !sees(watcher, nodeUrl));
    const row = await db.selectFrom('nodes').select('status').where('id', '=', lostId).executeTakeFirstOrThrow();
    expect(row.status).toBe('DOWN');
  });

  it('async work whose home node dies mid-attempt: the attempt fails "node lost" and the job retries it as a new attempt, never running one twice', async () => {
    // The node process never claims jobs itself (it polls once a minute and accepts none): the survivor claims them and places them there.
    await launch({ FNBOX_ASYNC_POLL_MS: '60000' });
    await until(() => sees(survivorRegistry(), nodeUrl));
    const user = await survivor.signUp('home-lost');
    let fn = '';
    for (let i = 0; i < 40 && !fn; i++) {
      const res = await survivor.gql(
        `mutation($n: String!) { createFunction(input: { name: $n, runtime: NODE, asyncRetries: 1, code: "exports.handler = async () => { await new Promise((r) => setTimeout(r, 4000)); return 'done'; }" }) { id version } }`,
        { n: `far-${i}` },
        user.token,
      );
      const { id, version } = res.data.createFunction;
      if (survivorRegistry().order(`${id}@${version}`)[0]!.url === nodeUrl) fn = id;
    }
    expect(fn).not.toBe('');
    const accepted = await survivor.gql(`mutation($f: ID!) { invokeFunctionAsync(id: $f) { id } }`, { f: fn }, user.token);
    const first = accepted.data.invokeFunctionAsync.id as string;
    const lostId = nodeIdFor(nodeUrl);
    // Running at its home (the node process records it there).
    await until(async () => {
      const row = await db.selectFrom('invocations').select(['status', 'node_id']).where('id', '=', first).executeTakeFirst();
      return row?.status === 'RUNNING' && row.node_id === lostId;
    });
    node!.child.kill('SIGKILL');
    await node!.exited;
    node = undefined;

    const attempts = async () => {
      await survivor.app.services.invocations.flushRecords();
      return (await survivor.gql(`query($i: ID!) { invocation(id: $i) { attempts { id attempt status error node } } }`, { i: first }, user.token)).data.invocation.attempts as {
        id: string;
        attempt: number;
        status: string;
        error: string | null;
        node: string;
      }[];
    };
    await until(async () => (await attempts()).some((a) => a.status === 'SUCCESS'));
    const all = await attempts();
    expect(all.map((a) => ({ attempt: a.attempt, status: a.status, error: a.error, node: a.node }))).toEqual([
      { attempt: 1, status: 'ERROR', error: 'node lost', node: lostId },
      { attempt: 2, status: 'SUCCESS', error: null, node: survivorRegistry().id },
    ]);
    // Settled: no job left to run either attempt again.
    expect(await db.selectFrom('async_jobs').select('id').where('function_id', '=', fn).execute()).toEqual([]);
  });

  it('of many survivors racing to declare a silent node lost, exactly one wins', async () => {
    // A prefix of its own: the survivor's heartbeat must not join the race.
    const prefix = `${clusterRedisPrefix(database.url)}race:`;
    const repository = new NodeRepository(db);
    const racers = Array.from({ length: 8 }, () => new RedisLiveness(redis.commands, prefix, repository, createEventBus(), 1_000));
    const long = Date.now() - 60_000;
    const silent = { id: 'node-silent00001', url: 'http://127.0.0.1:10', status: 'UP' as const, containers: 0, load: 0, started_at: long, last_seen_at: long };
    await racers[0]!.beat(silent, true);
    const won = await Promise.all(racers.map((racer) => racer.declareLost(silent.id, Date.now() - 1_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
    // A node only slow, not lost, is never claimed.
    const slow = { ...silent, id: 'node-slow0000001', last_seen_at: Date.now() };
    await racers[0]!.beat(slow, true);
    expect(await Promise.all(racers.map((racer) => racer.declareLost(slow.id, Date.now() - 1_000)))).toEqual(racers.map(() => false));
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
