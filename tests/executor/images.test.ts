import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorFromDeb822, mirrorFromSourcesList } from '../../server/executor/images/apt-sources.js';
import { ensureRuntimeImages, runtimeImageTag } from '../../server/executor/images/image.builder.js';
import { withImageLock } from '../../server/executor/images/image.lock.js';
import { DEFAULT_RUNTIMES_DIR, hashDirectory } from '../../server/executor/images/image.tags.js';

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
