import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import type { NpmPin } from './tool.pins.js';

/** Where fetched tarballs are kept between builds: under the data dir, so a rebuild needs no network. */
export function defaultImageCacheDir(): string {
  return path.join(loadConfig().dataDir, 'cache', 'images');
}

/** Run a command to completion; rejects with its stderr tail. Returns stdout. */
function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (err) => reject(new Error(`${cmd} could not start (${err.message}); the offline images need it on PATH`)));
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`)),
    );
  });
}

async function integrityOf(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `${algorithm}-${hash.digest('base64')}`;
}

async function matchesPin(file: string, pin: NpmPin): Promise<boolean> {
  const algorithm = pin.integrity.split('-')[0];
  return (await integrityOf(file, algorithm)) === pin.integrity;
}

/**
 * The pinned package's tarball in cacheDir, fetched with `npm pack` (the machine's npm client
 * and registry configuration) when missing, and verified against the pinned integrity either
 * way: a corrupted cache entry is fetched again, a mismatching download is refused.
 */
export async function fetchPinnedTarball(pin: NpmPin, cacheDir: string, onProgress?: (line: string) => void): Promise<string> {
  const file = path.join(cacheDir, `${pin.name}-${pin.version}.tgz`);
  if (existsSync(file) && (await matchesPin(file, pin))) return file;
  await fs.mkdir(cacheDir, { recursive: true });
  const staging = await fs.mkdtemp(path.join(cacheDir, '.fetch-'));
  try {
    onProgress?.(`npm pack ${pin.name}@${pin.version}`);
    const output = await run('npm', ['pack', `${pin.name}@${pin.version}`, '--pack-destination', staging, '--json', '--silent'], staging);
    const [packed] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ filename: string }>;
    const fetched = path.join(staging, packed.filename);
    if (!(await matchesPin(fetched, pin))) {
      throw new Error(`${pin.name}@${pin.version} does not match its pinned integrity; refusing it (see server/executor/images/tool.pins.ts)`);
    }
    await fs.rename(fetched, file); // atomic: a reader never sees half a tarball
    return file;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Unpack `package/<member>` entries of an npm tarball into dest, without the `package/` prefix. */
export async function unpackTarball(file: string, dest: string, members: string[] = []): Promise<void> {
  await fs.mkdir(dest, { recursive: true });
  await run('tar', ['-xzf', file, '-C', dest, '--strip-components=1', '--no-same-owner', ...members.map((m) => `package/${m}`)], dest);
}
