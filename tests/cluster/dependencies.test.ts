/**
 * Dependency sets across nodes (issue 15 item 4): a set built on node A is copied by node B,
 * over the signed cluster route, when B runs the version or builds the same dependencies; a
 * copy whose bytes are not what A's build recorded is refused; the route answers nodes only.
 * Two in-process nodes on one PostgreSQL and Redis, dependencies from the host's npm registry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPENDENCIES_PATH } from '../../server/cluster/dependency.fetch.js';
import { forwardingKey, signForward } from '../../server/cluster/forward.signature.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, hostNpmRegistry, startBuildServer } from '../builds/build.helpers.js';
import { CLUSTER_SECRET, nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import type { TestServer } from '../support/test-server.js';

const available = canBuild && (await sharedStoresAvailable());

const DEPS = JSON.stringify({ dependencies: { 'is-number': '7.0.0' } });
const CODE = `const isNumber = require('is-number');\nexports.handler = () => ({ five: isNumber(5) });`;

describe.skipIf(!available)('dependency sets across nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let token: string;
  let fnId: string;
  let digest: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const npm = await hostNpmRegistry();
    const start = async (label: string) => startBuildServer(label, { ...npm.config, ...(await nodeConfig(database.url)) }, npm.egress);
    // A alone builds the set; B joins after.
    a = await start('arta');
    token = (await a.signUp('artifacts')).token;
    const created = await createFunction(a, token, { name: 'deps-on-a', runtime: 'NODE', code: CODE, dependencies: DEPS });
    expect(created.errors).toBeUndefined();
    fnId = created.data.createFunction.id;
    const { build } = await buildEnded(a, token, fnId);
    expect(build.status, build.log).toBe('SUCCEEDED');
    digest = build.dependencySetSha256;
    b = await start('artb');
    await until(() => b.app.services.cluster!.registry.peers().some((node) => node.url === a.url));
  }, 300_000);

  afterAll(async () => {
    await closeBuildServer(b);
    await closeBuildServer(a);
    await database?.drop();
  }, 60_000);

  const runOnB = async () => {
    const fn = (await b.app.services.functions.find(fnId))!;
    return b.app.services.invocations.runHere(fn, '{}', 'GRAPHQL');
  };

  it('runs a version built on A on B: B copies the set from A first (the call waits for it)', async () => {
    expect(b.app.services.dependencySets.has(digest)).toBe(false);
    const run = await runOnB();
    expect(run.status, run.error ?? '').toBe('SUCCESS');
    expect(JSON.parse(run.result!)).toEqual({ five: true });
    expect(b.app.services.dependencySets.has(digest)).toBe(true);
    expect(fs.existsSync(path.join(b.dataDir, 'dependencies', digest, 'node_modules', 'is-number', 'package.json'))).toBe(true);
  }, 120_000);

  it('refuses a copy whose bytes differ from what the build recorded, and uses none', async () => {
    // A serves a tampered set (a compromised or corrupted node): one file changed.
    const file = path.join(a.dataDir, 'dependencies', digest, 'node_modules', 'is-number', 'index.js');
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, "module.exports = () => 'owned';\n");
    try {
      fs.rmSync(b.app.services.dependencySets.path(digest), { recursive: true, force: true });
      await b.app.services.executor.retire(fnId);
      await expect(runOnB()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(b.app.services.dependencySets.has(digest)).toBe(false);
      expect(fs.readdirSync(path.join(b.dataDir, 'dependencies', '.staging'))).toEqual([]);
    } finally {
      fs.writeFileSync(file, original);
    }
    // A's real bytes again: copied and used.
    const run = await runOnB();
    expect(run.status, run.error ?? '').toBe('SUCCESS');
  }, 120_000);

  it('builds the same dependencies on B by copying the set from A, not installing again', async () => {
    await a.app.services.buildWorker.stop(); // only B claims builds now
    fs.rmSync(b.app.services.dependencySets.path(digest), { recursive: true, force: true });
    const created = await createFunction(b, token, { name: 'deps-on-b', runtime: 'NODE', code: CODE, dependencies: DEPS });
    expect(created.errors).toBeUndefined();
    const { build } = await buildEnded(b, token, created.data.createFunction.id);
    expect(build.status, build.log).toBe('SUCCEEDED');
    expect(build.dependencySetSha256).toBe(digest);
    expect(build.log).toMatch(/Copied from node node-\S+ \(content verified\), not built again/);
    expect(build.log).not.toContain('npm ci');
    expect(build.log).not.toContain('npm install');
  }, 120_000);

  it('serves sets to signed node requests only', async () => {
    const route = `${DEPENDENCIES_PATH}?digest=${digest}`;
    const get = (headers: Record<string, string>) => fetch(a.url + route, { headers });
    expect((await get({})).status).toBe(401);
    expect((await get(signForward(forwardingKey('not the secret'), 'node-attacker', 'GET', route, Buffer.alloc(0)))).status).toBe(401);
    // Signed for another set: not this one.
    expect((await get(signForward(forwardingKey(CLUSTER_SECRET), 'node-x', 'GET', `${DEPENDENCIES_PATH}?digest=${'0'.repeat(64)}`, Buffer.alloc(0)))).status).toBe(401);
    const signed = signForward(forwardingKey(CLUSTER_SECRET), 'node-x', 'GET', route, Buffer.alloc(0));
    const ok = await get(signed);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-tar');
    await ok.arrayBuffer();
    expect((await get(signed)).status).toBe(401); // replayed
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
