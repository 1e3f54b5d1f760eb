import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunEngines, startEngine, startNode, waitHealthy } from '../../scripts/cluster.mjs';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { CLUSTER_SECRET, clusterRedisPrefix, freePort, nodeConfig, REDIS_URL, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// A node whose container engine stops answering: a node process with a dockerd of its own
// (scripts/cluster.mjs), whose dockerd is stopped and started again, beside an in-process node
// on the host's engine. While its engine is down the node is DEGRADED: out of the ring, /healthz
// 503, the calls it receives run on the other node; it rejoins once its engine answers.

const canRun = canRunEngines() && (process.env.CI === 'true' || (await sharedStoresAvailable()));
if (process.env.CI === 'true' && !canRun) throw new Error('tests/cluster/engine-health.test.ts needs root, dockerd, PostgreSQL and Redis in CI');

describe.skipIf(!canRun)('a node whose container engine stops answering', { timeout: 240_000 }, () => {
  let database: TestDatabase;
  let workDir: string;
  let healthy: TestServer;
  let engine: Awaited<ReturnType<typeof startEngine>>;
  let node: Awaited<ReturnType<typeof startNode>>;
  let admin: { token: string };
  let user: { token: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-engine-health-'));
    engine = await startEngine(1);
    healthy = await startTestServer(await nodeConfig(database.url, { executor: { stemCellsPerRuntime: 0 } as never }));
    const port = await freePort();
    node = await startNode({
      index: 1,
      port,
      dockerHost: engine.host,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      secret: CLUSTER_SECRET,
      dataDir: path.join(workDir, 'node'),
      logFile: path.join(workDir, 'node.log'),
      env: { FNBOX_HEARTBEAT_MS: '200', FNBOX_NODE_TIMEOUT_MS: '1500', FNBOX_DRAIN_GRACE_MS: '300', FNBOX_STEM_CELLS: '0', LOG_LEVEL: 'warn', FNBOX_REDIS_PREFIX: clusterRedisPrefix(database.url) },
    });
    await waitHealthy(node.url);
    admin = await healthy.signUp('admin');
    user = await healthy.signUp('engine-health');
  });

  afterAll(async () => {
    await node?.stop('SIGTERM');
    await engine?.stop();
    await healthy?.close();
    await database?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const inRing = () => healthy.app.services.cluster!.registry.order('any').some((n) => n.url === node.url);
  const statusOf = async () => (await healthy.gql(`{ nodes { url status } }`, {}, admin.token)).data.nodes.find((n: { url: string }) => n.url === node.url)?.status;
  const health = async () => {
    const res = await fetch(`${node.url}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string } };
  };
  const invokeThroughNode = async (fn: string) => {
    const res = await fetch(`${node.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: `mutation($f: ID!) { invokeFunction(id: $f) { status result node } }`, variables: { f: fn } }),
    });
    return ((await res.json()) as { data: { invokeFunction: { status: string; result: unknown; node: string } } }).data.invokeFunction;
  };

  it('leaves the ring as DEGRADED, answers /healthz 503 and forwards its calls, then rejoins when the engine is back', async () => {
    await until(async () => inRing() && (await statusOf()) === 'UP');
    const created = await healthy.gql(`mutation { createFunction(input: { name: "anywhere", runtime: NODE, code: "exports.handler = () => 'ran'" }) { id } }`, {}, user.token);
    const fn = created.data.createFunction.id as string;

    await engine.stopDaemon();
    await until(async () => (await statusOf()) === 'DEGRADED');
    expect(inRing()).toBe(false);
    const degraded = await health();
    expect(degraded.status).toBe(503);
    expect(degraded.body.status).toBe('degraded');
    // A call entering it runs on the node whose engine answers.
    for (let i = 0; i < 3; i++) expect(await invokeThroughNode(fn)).toEqual({ status: 'SUCCESS', result: 'ran', node: healthy.app.services.cluster!.registry.id });
    // It still heartbeats: DEGRADED, never declared lost.
    expect(await statusOf()).toBe('DEGRADED');

    await engine.startDaemon();
    await until(async () => (await health()).status === 200);
    await until(async () => inRing() && (await statusOf()) === 'UP');
    expect(nodeIdFor(node.url)).not.toBe(healthy.app.services.cluster!.registry.id);
    expect((await invokeThroughNode(fn)).status).toBe('SUCCESS');
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
