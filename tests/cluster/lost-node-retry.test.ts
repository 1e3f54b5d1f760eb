import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, waitHealthy } from '../../scripts/cluster.mjs';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { openStore, type Db } from '../../server/db/database.js';
import { CLUSTER_SECRET, clusterRedisPrefix, freePort, nodeConfig, REDIS_URL, sharedStoresAvailable } from '../support/cluster.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue #15: a node killed with -9 has its calls in flight failed ("node lost") by a survivor.
// When PostgreSQL refused the survivor at that moment, the survivor had already claimed the
// node (DOWN in Redis), the marking threw, and no one ever looked at the node again: its
// calls stayed RUNNING for good. Now nothing is claimed until the calls are failed, and the
// next heartbeat tries again. PostgreSQL refuses only this test's database (ALLOW_CONNECTIONS
// false, its sessions ended), never the role or the server other suites share.

const available = await sharedStoresAvailable();
const HOST_ENGINE = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
const HEARTBEAT_MS = 200;
const NODE_TIMEOUT_MS = 1_500; // as nodeConfig sets the survivor

describe.skipIf(!available)('a lost node whose calls cannot be failed at once', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let db: Db;
  let admin: pg.Client;
  let survivor: TestServer;
  let workDir: string;
  let node: Awaited<ReturnType<typeof startNode>> | undefined;

  const databaseName = () => new URL(database.url).pathname.slice(1);
  /** PostgreSQL refuses every new session on the test database and ends the ones it has. */
  const refuse = async () => {
    await admin.query(`alter database ${databaseName()} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName()]);
  };
  const admit = () => admin.query(`alter database ${databaseName()} allow_connections true`);

  beforeAll(async () => {
    database = await createTestDatabase();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-lost-retry-'));
    survivor = await startTestServer(await nodeConfig(database.url, { executor: { stemCellsPerRuntime: 0 } as never }));
    db = await openStore({ dataDir: workDir, databaseUrl: database.url });
    admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    await node?.stop('SIGKILL');
    if (admin && database) await admit().catch(() => undefined);
    await admin?.end();
    await survivor?.close();
    await db?.destroy();
    await database?.drop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('kill -9 while PostgreSQL refuses the survivor: once it accepts again, the calls end FAILED "node lost", none RUNNING', async () => {
    const nodePort = await freePort();
    const nodeUrl = `http://127.0.0.1:${nodePort}`;
    node = await startNode({
      index: 1,
      port: nodePort,
      dockerHost: HOST_ENGINE,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      secret: CLUSTER_SECRET,
      dataDir: path.join(workDir, 'node'),
      logFile: path.join(workDir, 'node.log'),
      env: { FNBOX_HEARTBEAT_MS: String(HEARTBEAT_MS), FNBOX_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS), FNBOX_STEM_CELLS: '0', LOG_LEVEL: 'warn', FNBOX_REDIS_PREFIX: clusterRedisPrefix(database.url) },
    });
    await waitHealthy(node.url);
    const registry = survivor.app.services.cluster!.registry;
    await until(() => registry.order('any').some((n) => n.url === nodeUrl));
    const lostId = nodeIdFor(nodeUrl);
    // Calls it was running when it died (recorded as the hop's receiver records them).
    const user = await survivor.signUp('lost-retry');
    const created = await survivor.gql(`mutation { createFunction(input: { name: "victim", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token);
    const fn = (await survivor.app.services.functions.find(created.data.createFunction.id))!;
    const running = Array.from({ length: 3 }, () => survivor.app.services.invocations.newRecord(fn, null, 'GRAPHQL'));
    await db.insertInto('invocations').values(running.map((row) => ({ ...row, node_id: lostId, status: 'RUNNING' as const, started_at: Date.now() }))).execute();

    await refuse();
    node.child.kill('SIGKILL');
    await node.exited;
    node = undefined;
    // Long enough for the survivor to see it silent and try (and fail) several times.
    const silentSince = Date.now();
    await until(() => Date.now() - silentSince > NODE_TIMEOUT_MS + 10 * HEARTBEAT_MS);
    await admit();

    const statuses = async () => (await db.selectFrom('invocations').select(['status', 'error']).where('node_id', '=', lostId).execute()).map((row) => `${row.status} ${row.error}`);
    await until(async () => (await statuses().catch(() => [])).every((status) => status === 'ERROR node lost'), 30_000);
    expect(await statuses()).toEqual(running.map(() => 'ERROR node lost'));
    // And the node is down in every view.
    await until(async () => (await db.selectFrom('nodes').select('status').where('id', '=', lostId).executeTakeFirst())?.status === 'DOWN', 30_000);
    expect(registry.order('any').some((n) => n.url === nodeUrl)).toBe(false);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
