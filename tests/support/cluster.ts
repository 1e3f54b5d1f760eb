import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runtimeImageTags, startEngine, startNode, waitHealthy, type ClusterNode, type Engine } from '../../scripts/cluster.mjs';
import type { Config } from '../../server/config.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './postgres.js';
import { REDIS_URL, redisAvailable } from './redis.js';

export { REDIS_URL, redisAvailable } from './redis.js';

export const CLUSTER_SECRET = 'the cluster secret of the tests';

/**
 * The Redis prefix (FNBOX_REDIS_PREFIX) of the test cluster on `databaseUrl`: all its nodes share
 * it (their events and limits meet), no other test run or deployment on the same Redis does.
 */
export const clusterRedisPrefix = (databaseUrl: string): string => `fnbox-test-${crypto.createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}:`;

export const sharedStoresAvailable = async (): Promise<boolean> => (await postgresAvailable()) && (await redisAvailable());

/** A port free on loopback now: a node must know its own URL (FNBOX_NODE_URL) before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The settings of one in-process cluster node on `databaseUrl`. */
export async function nodeConfig(databaseUrl: string, overrides: Partial<Config> = {}): Promise<Partial<Config>> {
  const port = await freePort();
  return {
    port,
    databaseUrl,
    redisUrl: REDIS_URL,
    redisPrefix: clusterRedisPrefix(databaseUrl),
    clusterSecret: CLUSTER_SECRET,
    ...overrides,
    cluster: { nodeUrl: `http://127.0.0.1:${port}`, heartbeatMs: 200, nodeTimeoutMs: 1_500, drainGraceMs: 300, ...(overrides.cluster ?? {}) },
  };
}

/**
 * Node processes as `npm run cluster` starts them (scripts/cluster.mjs: the bundled server, a
 * dockerd of its own per node) on a new PostgreSQL database and the test Redis, in a temporary
 * folder (each node's data and log): what tests/cluster/engines.test.ts and bench/cluster.ts run.
 */
export interface EngineCluster {
  workDir: string;
  database: TestDatabase;
  /** Engine i-1 is node i's. */
  engines: Engine[];
  /** Node i-1 once `launch(i)` started it. */
  nodes: ClusterNode[];
  /** Node i-1 listens on ports[i-1], also when started again. */
  ports: number[];
  /** Starts node `index` (1..), or starts it again after it stopped, and waits until it is healthy. */
  launch(index: number, healthyWithinMs?: number): Promise<ClusterNode>;
  /** Stops the nodes (they drain) and the engines, drops the database and the folder (kept with KEEP_CLUSTER_LOGS). */
  stop(): Promise<void>;
}

/**
 * Starts `size` engines and takes a port for each node; no node runs until `launch`. Engines
 * listed in `withoutImages` (1..) start with no runtime image: their nodes load them from others.
 */
export async function startEngineCluster({
  size,
  env,
  workDirPrefix,
  withoutImages = [],
}: {
  size: number;
  env: Record<string, string>;
  workDirPrefix: string;
  withoutImages?: number[];
}): Promise<EngineCluster> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), workDirPrefix));
  const database = await createTestDatabase();
  const engines: Engine[] = [];
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node?.stop('SIGTERM')));
    await Promise.all(engines.map((engine) => engine.stop()));
    await database.drop();
    if (!process.env.KEEP_CLUSTER_LOGS) fs.rmSync(workDir, { recursive: true, force: true });
  };
  const ports: number[] = [];
  try {
    const images = runtimeImageTags();
    engines.push(...(await Promise.all(Array.from({ length: size }, (_, i) => startEngine(i + 1, withoutImages.includes(i + 1) ? [] : images)))));
    // Engines keep their data roots between runs: drop what an earlier run loaded into the bare ones.
    for (const index of withoutImages) for (const tag of images) spawnSync('docker', ['-H', engines[index - 1]!.host, 'rmi', '-f', tag], { stdio: 'ignore' });
    for (let i = 0; i < size; i++) ports.push(await freePort());
  } catch (error) {
    await stop();
    throw error;
  }
  const launch = async (index: number, healthyWithinMs?: number) => {
    const node = await startNode({
      index,
      port: ports[index - 1]!,
      dockerHost: engines[index - 1]!.host,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      secret: CLUSTER_SECRET,
      dataDir: path.join(workDir, `node-${index}`),
      logFile: path.join(workDir, `node-${index}.log`),
      env: { FNBOX_REDIS_PREFIX: clusterRedisPrefix(database.url), ...env },
    });
    nodes[index - 1] = node;
    await waitHealthy(node.url, healthyWithinMs);
    return node;
  };
  return { workDir, database, engines, nodes, ports, launch, stop };
}
