import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorFromDeb822, mirrorFromSourcesList } from '../../server/executor/images/apt-sources.js';
import { ensureRuntimeImages, runtimeImageTag } from '../../server/executor/images/image.builder.js';
import { withImageLock } from '../../server/executor/images/image.lock.js';
import { DEFAULT_RUNTIMES_DIR, hashDirectory } from '../../server/executor/images/image.tags.js';
import { fetchPinnedTarball } from '../../server/executor/images/npm-tarball.fetch.js';

const BUILD_TIMEOUT_MS = 15 * 60_000;
const AGENTS = { python: 'agent.py', node: 'agent.mjs' } as const;

/**
 * A private copy of runtimes/. Agents not written yet get a fixed placeholder (in the copy
 * only), so the build context is complete and the tag stays stable from run to run.
 */
function copyRuntimes(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-runtimes-test-'));
  fs.cpSync(DEFAULT_RUNTIMES_DIR, root, { recursive: true });
  for (const [dir, agent] of Object.entries(AGENTS)) {
    const file = path.join(root, dir, agent);
    if (!fs.existsSync(file)) fs.writeFileSync(file, '# placeholder agent for image tests\n');
  }
  return root;
}

let runtimesCopy: string;
beforeAll(() => {
  runtimesCopy = copyRuntimes();
});
afterAll(() => fs.rmSync(runtimesCopy, { recursive: true, force: true }));

describe('runtime image tags', () => {
  it('are deterministic and follow the fnbox/runtime-<name>:<12 hex> shape', () => {
    const first = runtimeImageTag('PYTHON', runtimesCopy);
    expect(first).toMatch(/^fnbox\/runtime-python:[0-9a-f]{12}$/);
    expect(runtimeImageTag('PYTHON', runtimesCopy)).toBe(first);
    expect(runtimeImageTag('NODE', runtimesCopy)).toMatch(/^fnbox\/runtime-node:[0-9a-f]{12}$/);
  });

  it('change when a file is edited, added or renamed, and come back when reverted', () => {
    const dir = path.join(runtimesCopy, 'python');
    const dockerfile = path.join(dir, 'Dockerfile');
    const original = fs.readFileSync(dockerfile);
    const base = hashDirectory(dir);

    fs.appendFileSync(dockerfile, '# changed\n');
    expect(hashDirectory(dir)).not.toBe(base);
    fs.writeFileSync(dockerfile, original);
    expect(hashDirectory(dir)).toBe(base);

    fs.writeFileSync(path.join(dir, 'extra.txt'), 'x');
    const withExtra = hashDirectory(dir);
    expect(withExtra).not.toBe(base);
    fs.renameSync(path.join(dir, 'extra.txt'), path.join(dir, 'other.txt'));
    expect(hashDirectory(dir)).not.toBe(withExtra);
    fs.rmSync(path.join(dir, 'other.txt'));
    expect(hashDirectory(dir)).toBe(base);
  });
});

describe('apt mirror discovery', () => {
  it('reads the bookworm URI from deb822 and one-line sources', () => {
    const deb822 = [
      'Types: deb\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\nComponents: main',
      'Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /k.gpg',
    ].join('\n\n');
    expect(mirrorFromDeb822(deb822, 'bookworm')).toEqual({ uri: 'http://mirror.invalid/debian', keyring: '/k.gpg' });
    const list = 'deb http://mirror.invalid/sec bookworm-security main\ndeb [arch=amd64] http://mirror.invalid/debian bookworm main\n';
    expect(mirrorFromSourcesList(list, 'bookworm')?.uri).toBe('http://mirror.invalid/debian');
    expect(mirrorFromSourcesList(list, 'trixie')).toBeUndefined();
  });
});

describe('image lock', () => {
  const lockPath = () => path.join(os.tmpdir(), `fnbox-images-test-${process.pid}-${Math.random()}.lock`);

  it('lets one holder in at a time', async () => {
    const file = lockPath();
    let inside = 0;
    let maxInside = 0;
    const hold = () =>
      withImageLock(
        async () => {
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inside--;
        },
        { lockPath: file },
      );
    await Promise.all([hold(), hold(), hold()]);
    expect(maxInside).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('breaks a lock left by a process that has exited', async () => {
    const file = lockPath();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(file, `${deadPid}:leftover`);
    await expect(withImageLock(async () => 'ran', { lockPath: file, timeoutMs: 5_000 })).resolves.toBe('ran');
  });
});

describe('pinned tarballs from the npm registry', () => {
  let dir: string;
  const savedEnv = { ...process.env };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-pins-test-'));
    // npm gets a private cache, so nothing it fetched before can answer for it.
    process.env.npm_config_cache = path.join(dir, 'npm-cache');
  });
  afterAll(() => {
    process.env = savedEnv;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An npm-style tarball (package/...) with one file; returns its bytes and SRI integrity. */
  function makeTarball(name: string, content: string): { bytes: Buffer; integrity: string } {
    const src = path.join(dir, `src-${name}`);
    fs.mkdirSync(path.join(src, 'package', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(src, 'package', 'package.json'), JSON.stringify({ name: 'fnbox-test-pin', version: '1.0.0' }));
    fs.writeFileSync(path.join(src, 'package', 'bin', 'node'), content, { mode: 0o755 });
    const file = path.join(dir, `${name}.tgz`);
    expect(spawnSync('tar', ['-czf', file, '-C', src, 'package']).status).toBe(0);
    const bytes = fs.readFileSync(file);
    return { bytes, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}` };
  }

  it('uses a cached tarball that matches its pin, and refuses one tampered with in the cache', async () => {
    const good = makeTarball('good', '#!/bin/sh\necho the pinned one\n');
    const pin = { name: 'fnbox-test-pin', version: '1.0.0', integrity: good.integrity };
    const cache = path.join(dir, 'cache-a');
    fs.mkdirSync(cache);
    const cached = path.join(cache, 'fnbox-test-pin-1.0.0.tgz');
    fs.writeFileSync(cached, good.bytes);
    // Offline: a cache hit must not need npm at all.
    process.env.npm_config_offline = 'true';
    await expect(fetchPinnedTarball(pin, cache)).resolves.toBe(cached);

    fs.writeFileSync(cached, makeTarball('tampered', '#!/bin/sh\necho something else\n').bytes);
    // The tampered file is not trusted: it is fetched again, which fails here (offline, no such package).
    await expect(fetchPinnedTarball(pin, cache)).rejects.toThrow(/npm pack fnbox-test-pin@1\.0\.0/);
    delete process.env.npm_config_offline;
  }, 60_000);

  it('refuses a tarball a registry serves that does not match the pin, even when the registry vouches for it', async () => {
    const pinned = makeTarball('pinned', '#!/bin/sh\necho the pinned one\n');
    const evil = makeTarball('evil', '#!/bin/sh\necho a substituted binary\n');
    // A registry on loopback that serves the substitute with metadata naming its true hash,
    // so npm's own integrity check passes and only the pin stands in the way.
    const registry = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
      if (req.url?.endsWith('.tgz')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(evil.bytes);
        return;
      }
      const dist = { tarball: `${base}/fnbox-test-pin/-/fnbox-test-pin-1.0.0.tgz`, integrity: evil.integrity };
      const packument = { name: 'fnbox-test-pin', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'fnbox-test-pin', version: '1.0.0', dist } } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    process.env.npm_config_registry = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
    const cache = path.join(dir, 'cache-b');
    try {
      const pin = { name: 'fnbox-test-pin', version: '1.0.0', integrity: pinned.integrity };
      await expect(fetchPinnedTarball(pin, cache)).rejects.toThrow(/does not match its pinned integrity/);
      // Nothing was kept: the next build fetches (and checks) again.
      expect(fs.readdirSync(cache)).toEqual([]);
    } finally {
      delete process.env.npm_config_registry;
      await new Promise((resolve) => registry.close(resolve));
    }
  }, 60_000);
});

describe('runtime images in the engine', () => {
  const docker = new Docker();
  let tags: Record<'PYTHON' | 'NODE', string>;

  /** Run a one-shot command the way functions run: read-only root, no network, uid 10001. */
  async function runInImage(image: string, entrypoint: string[]): Promise<{ code: number; output: string }> {
    const container = await docker.createContainer({
      Image: image,
      Entrypoint: entrypoint,
      User: '10001:10001',
      Tty: true,
      HostConfig: { ReadonlyRootfs: true, NetworkMode: 'none' },
      Labels: { 'fnbox.test': 'images' },
    });
    try {
      await container.start();
      const { StatusCode } = await container.wait();
      const logs = await container.logs({ stdout: true, stderr: true });
      return { code: StatusCode, output: logs.toString().trim() };
    } finally {
      await container.remove({ force: true });
    }
  }

  beforeAll(async () => {
    // No registry pulls from tests: the offline base (or locally present slim images) only.
    const options = { runtimesDir: runtimesCopy, pullOfficialBase: false };
    // Two overlapping calls must agree and not trip over each other.
    const [first, second] = await Promise.all([ensureRuntimeImages(docker, options), ensureRuntimeImages(docker, options)]);
    expect(second).toEqual(first);
    tags = first;
  }, BUILD_TIMEOUT_MS);

  it('returns the content tags, present and labelled in the engine', async () => {
    expect(tags.PYTHON).toBe(runtimeImageTag('PYTHON', runtimesCopy));
    expect(tags.NODE).toBe(runtimeImageTag('NODE', runtimesCopy));
    for (const [runtime, label] of [['PYTHON', 'python'], ['NODE', 'node']] as const) {
      const info = await docker.getImage(tags[runtime]).inspect();
      expect(info.Config.Labels?.['fnbox.runtime']).toBe(label);
      expect(info.Config.User).toBe('10001:10001');
    }
  });

  it('runs python3 with the stdlib the agent needs, as uid 10001 on a read-only root', async () => {
    const script =
      'import json, asyncio, inspect, traceback, resource, os\n' +
      'try:\n    open("/opt/fnbox/probe", "w")\n    print("writable")\n' +
      'except OSError:\n    print("readonly")\n' +
      'print(json.dumps({"uid": os.getuid()}))';
    const { code, output } = await runInImage(tags.PYTHON, ['python3', '-c', script]);
    expect(code).toBe(0);
    expect(output).toContain('readonly');
    expect(output).toContain('{"uid": 10001}');
  }, 60_000);

  it('runs node as uid 10001 on a read-only root', async () => {
    const script =
      'let w = "readonly"; try { require("fs").writeFileSync("/opt/fnbox/probe", "x"); w = "writable" } catch {}' +
      // One string: with a TTY, console.log would colour separate numeric arguments.
      'console.log(`${w} ${process.getuid()} ${process.version}`)';
    const { code, output } = await runInImage(tags.NODE, ['node', '-e', script]);
    expect(code).toBe(0);
    expect(output).toMatch(/^readonly 10001 v(2\d|[3-9]\d)\./); // Node 20 or later, also offline
  }, 60_000);

  it('is fast and idempotent once the images exist', async () => {
    const again = await ensureRuntimeImages(docker, { runtimesDir: runtimesCopy, pullOfficialBase: false });
    expect(again).toEqual(tags);
  }, 60_000);
});
