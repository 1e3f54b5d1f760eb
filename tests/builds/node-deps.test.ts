/**
 * Node dependencies from the real npm registry (the one this host's npm is configured with,
 * passed as FNBOX_NPM_REGISTRY): a CommonJS package required by one-file code and an ESM-only
 * package imported by a bundle, built in the isolated builder, live only once built, then the
 * same set reused by a second function without a second install.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, hostNpmRegistry, invoke, startBuildServer } from './build.helpers.js';

let server: TestServer;
let token: string;

const CJS_DEPS = JSON.stringify({ dependencies: { 'is-number': '7.0.0' } });
const CJS_CODE = `const isNumber = require('is-number');
exports.handler = (event) => ({ five: isNumber(5), text: isNumber('abc'), node: process.version });`;

beforeAll(async () => {
  if (!canBuild) return;
  const npm = await hostNpmRegistry();
  server = await startBuildServer('npm', npm.config, npm.egress);
  token = (await server.signUp('deps')).token;
}, 120_000);

afterAll(() => closeBuildServer(server), 60_000);

describe.runIf(canBuild)('Node dependencies', () => {
  let first: string;

  it('installs a CommonJS package for one-file code; the version is live only once its build SUCCEEDED', async () => {
    const created = await createFunction(server, token, { name: 'cjs-deps', runtime: 'NODE', code: CJS_CODE, dependencies: CJS_DEPS });
    expect(created.errors).toBeUndefined();
    const fn = created.data.createFunction;
    first = fn.id;
    expect(['QUEUED', 'BUILDING']).toContain(fn.build.status);
    expect(fn.dependencies).toBe(CJS_DEPS);
    expect(fn.liveVersion).toBeNull();

    const { fn: built, build } = await buildEnded(server, token, fn.id);
    expect(build.status, build.log).toBe('SUCCEEDED');
    expect(build.log).toContain('npm');
    expect(build.dependencySetSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(built.liveVersion).toBe(1);

    const result = await invoke(server, token, fn.id);
    expect(result.status, result.error).toBe('SUCCESS');
    expect(result.result).toMatchObject({ five: true, text: false });
  }, 300_000);

  it('imports an ESM-only package from a bundle with its own package.json', async () => {
    const files = [
      { path: 'package.json', content: JSON.stringify({ type: 'module', dependencies: { 'escape-string-regexp': '5.0.0' } }) },
      { path: 'index.js', content: `import escape from 'escape-string-regexp';\nimport { greet } from './lib/greet.js';\nexport const handler = async () => ({ escaped: escape('a.b*c'), greeting: greet('deps') });` },
      { path: 'lib/greet.js', content: `export const greet = (name) => 'hello ' + name;` },
    ];
    const created = await createFunction(server, token, { name: 'esm-deps', runtime: 'NODE', files });
    expect(created.errors).toBeUndefined();
    const { build } = await buildEnded(server, token, created.data.createFunction.id);
    expect(build.status, build.log).toBe('SUCCEEDED');
    const result = await invoke(server, token, created.data.createFunction.id);
    expect(result.status, result.error).toBe('SUCCESS');
    expect(result.result).toEqual({ escaped: 'a\\.b\\*c', greeting: 'hello deps' });
  }, 300_000);

  it('installs exactly what a bundled package-lock.json pins (npm ci)', async () => {
    // A lock pinning is-number 6.0.0 under a range that today resolves to 7: only the lock says 6.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-lock-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'locked', version: '1.0.0', dependencies: { 'is-number': '6.0.0' } }));
      execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
      const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
      lock.packages[''].dependencies['is-number'] = '>=6.0.0';
      const files = [
        { path: 'package.json', content: JSON.stringify({ name: 'locked', version: '1.0.0', dependencies: { 'is-number': '>=6.0.0' } }) },
        { path: 'package-lock.json', content: JSON.stringify(lock) },
        { path: 'index.js', content: "exports.handler = () => ({ version: require('is-number/package.json').version });" },
      ];
      const created = await createFunction(server, token, { name: 'locked', runtime: 'NODE', files });
      expect(created.errors).toBeUndefined();
      const { build } = await buildEnded(server, token, created.data.createFunction.id);
      expect(build.status, build.log).toBe('SUCCEEDED');
      expect(build.log).toContain('$ npm ci');
      expect((await invoke(server, token, created.data.createFunction.id)).result).toEqual({ version: '6.0.0' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('reuses the dependency set for a second function with the same dependencies, without installing again', async () => {
    const started = performance.now();
    const created = await createFunction(server, token, { name: 'cjs-deps-again', runtime: 'NODE', code: CJS_CODE, dependencies: CJS_DEPS });
    const { build } = await buildEnded(server, token, created.data.createFunction.id);
    const elapsed = performance.now() - started;
    expect(build.status, build.log).toBe('SUCCEEDED');
    expect(build.log).toContain('reused');
    expect(build.log).not.toContain('npm install');
    const firstBuild = (await buildEnded(server, token, first)).build;
    expect(build.dependencySetSha256).toBe(firstBuild.dependencySetSha256);
    console.log(`cached build of a one-package set: ${elapsed.toFixed(0)} ms`);
    const result = await invoke(server, token, created.data.createFunction.id);
    expect(result.result).toMatchObject({ five: true });
  }, 120_000);

  it('keeps a dependency set while a version uses it, and collects it once none does', async () => {
    const sets = server.app.services.buildWorker;
    const dir = path.join(server.dataDir, 'dependencies');
    const built = () => fs.readdirSync(dir).filter((name) => name !== '.staging');
    expect(built()).toHaveLength(3); // the CommonJS set (two functions share it), the ESM one, the locked one
    const later = Date.now() + 11 * 60_000; // past the grace a set that was just freed gets
    expect(await sets.collectSets(later)).toBe(0);
    const list = await server.gql('{ functions { id name } }', {}, token);
    const ids = list.data.functions.map((f: { id: string }) => f.id);
    await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id: first }, token);
    expect(await sets.collectSets(later)).toBe(0); // the second function still runs the set
    for (const id of ids) await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id }, token);
    expect(await sets.collectSets(Date.now())).toBe(0); // within the grace
    expect(await sets.collectSets(later)).toBe(3);
    expect(built()).toEqual([]);
  }, 60_000);
});
