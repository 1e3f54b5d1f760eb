import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const IMAGE_LOCK_PATH = path.join(os.tmpdir(), 'fnbox-images.lock');

/** A lock file whose owner cannot be identified (half-written) is stale after this long. */
const UNREADABLE_LOCK_STALE_MS = 30_000;
const POLL_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is gone (crashed or killed without releasing). */
async function isStale(lockPath: string, content: string): Promise<boolean> {
  const pid = Number(content.split(':')[0]);
  if (Number.isInteger(pid) && pid > 0) return !processAlive(pid);
  const stat = await fs.stat(lockPath).catch(() => undefined);
  return !!stat && Date.now() - stat.mtimeMs > UNREADABLE_LOCK_STALE_MS;
}

/**
 * Remove a stale lock without deleting a fresh one that another waiter created in between:
 * move it aside atomically, check it is the one judged stale, and put it back otherwise.
 */
async function breakStaleLock(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // someone else already moved it
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => '');
  if (moved !== staleContent) await fs.link(aside, lockPath).catch(() => undefined);
  await fs.rm(aside, { force: true });
}

/**
 * Run fn while holding an exclusive cross-process lock (O_EXCL create + owner pid).
 * Image operations are also idempotent, so the lock only prevents duplicated minutes of work.
 */
export async function withImageLock<T>(
  fn: () => Promise<T>,
  opts: { lockPath?: string; timeoutMs?: number; onWait?: (owner: string) => void } = {},
): Promise<T> {
  const lockPath = opts.lockPath ?? IMAGE_LOCK_PATH;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
  let announced = false;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o644);
      await handle.writeFile(token);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const content = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (content === undefined) continue; // released between our open and read: retry at once
    if (await isStale(lockPath, content)) {
      await breakStaleLock(lockPath, content);
      continue;
    }
    if (!announced) opts.onWait?.(content.split(':')[0] || 'unknown');
    announced = true;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for image lock ${lockPath} (held by pid ${content.split(':')[0]})`);
    await sleep(POLL_MS);
  }
  try {
    return await fn();
  } finally {
    // Only remove the lock if it is still ours (a waiter may have judged us stale and replaced it).
    const current = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (current === token) await fs.rm(lockPath, { force: true });
  }
}
