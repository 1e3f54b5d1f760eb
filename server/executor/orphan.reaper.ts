/**
 * Containers left behind by earlier servers: those sharing our data directory (a previous
 * run of this installation) and those whose owning process on this host is dead. Never
 * containers of another live fnbox process: several servers may share one engine.
 */
import os from 'node:os';
import type { Logger } from 'pino';
import type { ContainerEngine, ContainerSummary } from './container.engine.js';
import { LABELS, type InstanceIdentity } from './container.hardening.js';

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export function isOrphan(c: ContainerSummary, identity: InstanceIdentity, hostname = os.hostname()): boolean {
  const labels = c.labels;
  if (labels[LABELS.instance] === identity.instanceId) return false; // ours, alive
  if (labels[LABELS.data] === identity.dataHash) return true;
  return labels[LABELS.host] === hostname && !processAlive(Number(labels[LABELS.pid]));
}

export async function reapOrphans(engine: ContainerEngine, identity: InstanceIdentity, logger: Logger): Promise<number> {
  const containers = await engine.listByLabels({ [LABELS.marker]: '1' });
  const orphans = containers.filter((c) => isOrphan(c, identity));
  await Promise.all(
    orphans.map((c) =>
      engine.remove(c.id).catch((err: unknown) => logger.warn({ err, container: c.id.slice(0, 12) }, 'could not reap container')),
    ),
  );
  if (orphans.length) logger.info({ count: orphans.length }, 'reaped containers left by earlier fnbox instances');
  return orphans.length;
}

/** Our own containers the engine has but we no longer track (e.g. a removal lost to an engine restart). */
export async function sweepUntracked(
  engine: ContainerEngine,
  identity: InstanceIdentity,
  tracked: (id: string) => boolean,
  minAgeMs = 60_000,
): Promise<number> {
  const ours = await engine.listByLabels({ [LABELS.instance]: identity.instanceId });
  // Young containers may still be launching (created, not yet registered): leave them be.
  const cutoff = Date.now() - minAgeMs;
  const stray = ours.filter((c) => !tracked(c.id) && c.createdAt <= cutoff);
  await Promise.all(stray.map((c) => engine.remove(c.id).catch(() => undefined)));
  return stray.length;
}
