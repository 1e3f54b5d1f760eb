/**
 * What every browser test needs: the dashboard built (the server serves web/build) and
 * Debian's Chromium driven by playwright-core with the flags this machine needs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const INDEX = path.join(WEB, 'build', 'index.html');

/** Newest modification time under a directory (the dashboard's sources). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/** Builds web/build when it is missing or older than web/src. */
export async function ensureWebBuild(): Promise<void> {
  const sources = Math.max(newest(path.join(WEB, 'src')), ...['svelte.config.js', 'vite.config.ts'].map((f) => fs.statSync(path.join(WEB, f)).mtimeMs));
  if (fs.existsSync(INDEX) && fs.statSync(INDEX).mtimeMs >= sources) return;
  await promisify(execFile)('npm', ['run', 'build:web'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
