/**
 * The executor's life: start (the engine, orphans of an earlier run, images, stem cells),
 * whether calls may run now, the periodic sweeps while it runs, and a close that drains calls
 * and leaves no containers behind.
 */
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ExecutorConfig } from '../config.js';
import { unavailable } from '../errors.js';
import type { EgressAccess } from '../network/egress.access.js';
import { AgentSockets } from './agent.sockets.js';
import type { DockerBuildRunner } from './build.runner.js';
import type { ConcurrencyLimiter } from './concurrency.limiter.js';
import type { ContainerDemand } from './container.demand.js';
import { isEngineUnreachable, type ContainerEngine } from './container.engine.js';
import type { InstanceIdentity } from './container.hardening.js';
import type { ContainerLauncher } from './container.launcher.js';
import type { EngineEvents } from './engine.events.js';
import type { EngineHealth } from './engine.health.js';
import type { EventLoopLoad } from './event-loop.load.js';
import type { Runtime } from './executor.types.js';
import type { FunctionContainer } from './function.container.js';
import { ensureRuntimeImages } from './images/image.builder.js';
import { reapOrphans, sweepUntracked } from './orphan.reaper.js';
import type { ProvisionedContainers } from './provisioned.containers.js';
import type { StemCells } from './stem.cells.js';
import type { WarmPool } from './warm.pool.js';

const DRAIN_TIMEOUT_MS = 10_000;
const JANITOR_INTERVAL_MS = 30_000;

/** The parts of the executor (docker.executor.ts builds them) that its start and close drive. */
export interface ExecutorParts {
  config: ExecutorConfig;
  log: Logger;
  docker: Docker;
  engine: ContainerEngine;
  identity: InstanceIdentity;
  pool: WarmPool;
  events: EngineEvents;
  limiter: ConcurrencyLimiter;
  health: EngineHealth;
  launcher: ContainerLauncher;
  egress: EgressAccess;
  stems: StemCells;
  builder: Pick<DockerBuildRunner, 'containers'>;
  provisioned: ProvisionedContainers;
  loopLoad: EventLoopLoad;
  demand: ContainerDemand;
  /** Image provider override; defaults to building/confirming the runtime images. */
  images?: () => Promise<Record<Runtime, string>>;
  /** Loads an image from another node, if one has it. */
  fromPeer: (tag: string) => Promise<boolean>;
}

export type ExecutorLifecycle = ReturnType<typeof executorLifecycle>;

export function executorLifecycle(parts: ExecutorParts) {
  const { config, log, docker, engine, identity, pool, events, limiter, health, launcher, egress, stems, builder, provisioned, loopLoad, demand, fromPeer } = parts;
  const timers: NodeJS.Timeout[] = [];
  let state: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  let startError: string | undefined;

  async function checkAvailable() {
    if (state === 'closing' || state === 'closed') throw unavailable('Executor is shutting down');
    if (state !== 'running') throw unavailable(startError ?? 'Executor is starting');
    if (health.down && !(await health.check())) throw unavailable(health.unreachableMessage);
  }

  /** Containers cut off while the engine was away are still running there: remove them now. */
  function retryRemovals() {
    for (const id of [...pool.unremoved]) {
      pool.unremoved.delete(id);
      engine.remove(id).catch((err: unknown) => {
        if (isEngineUnreachable(err)) pool.unremoved.add(id);
      });
    }
  }

  function sweepIdle() {
    const retired = pool.retireIdleOlderThan(Date.now() - config.idleTtlMs);
    if (retired) log.debug({ retired }, 'retired idle containers');
    demand.forgetIdle();
    stems.shrink();
  }

  async function janitor() {
    if (health.down) return;
    const removed = await sweepUntracked(engine, identity, (id) => pool.all.has(id) || pool.removing.has(id) || builder.containers.has(id)).catch(() => 0);
    if (removed) log.warn({ removed }, 'removed untracked containers of this instance');
  }

  async function start() {
    if (state !== 'new') return;
    state = 'starting';
    try {
      await engine.ping();
    } catch (err) {
      health.markDown(err);
      startError = health.unreachableMessage;
      state = 'new';
      throw unavailable(startError);
    }
    if (config.ociRuntime && !(await engine.runtimes()).includes(config.ociRuntime)) {
      // Otherwise every container launch would fail later with a less helpful message.
      state = 'new';
      startError = `The Docker engine at ${engine.endpoint} has no OCI runtime "${config.ociRuntime}" (FNBOX_OCI_RUNTIME); install it or unset the variable`;
      throw unavailable(startError);
    }
    let images: Record<Runtime, string>;
    try {
      await reapOrphans(engine, identity, log);
      launcher.sockets ??= AgentSockets.forEngine(engine.endpoint, config.agentSockets, identity.instanceId, log);
      await events.start();
      images = parts.images
        ? await parts.images()
        : await ensureRuntimeImages(docker, { onProgress: (line) => log.info({ images: true }, line), fromPeer });
    } catch (err) {
      events.stop();
      state = 'new'; // the next start() tries again
      startError = (err as Error).message;
      throw err;
    }
    launcher.images = images;
    await egress.start(); // never throws: a failure only refuses EGRESS functions
    state = 'running';
    timers.push(setInterval(sweepIdle, Math.max(100, Math.min(config.idleTtlMs / 2, config.stemTtlMs / 2, 5_000))));
    timers.push(setInterval(() => void janitor(), JANITOR_INTERVAL_MS));
    for (const timer of timers) timer.unref();
    loopLoad.start();
    await stems.prewarm();
    provisioned.start();
    log.info({ images, stemCells: config.stemCellsPerRuntime }, 'executor ready');
  }

  async function close() {
    if (state === 'closed' || state === 'closing') return;
    state = 'closing';
    limiter.rejectQueued('Executor is shutting down');
    const drainUntil = Date.now() + DRAIN_TIMEOUT_MS;
    while (limiter.active > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 25));
    for (const timer of timers) clearInterval(timer);
    loopLoad.stop();
    provisioned.stop();
    egress.stop();
    stems.reset(true);
    health.stop();
    events.stop();
    await Promise.all([...pool.all.values()].map((c: FunctionContainer) => pool.discard(c)));
    await Promise.all([...pool.removing.values()]);
    // Launches that were still in flight registered nothing: find them by label.
    while (launcher.inFlight > 0 && Date.now() < drainUntil + 5_000) await new Promise((r) => setTimeout(r, 25));
    await Promise.all([...pool.all.values()].map((c) => pool.discard(c)));
    await sweepUntracked(engine, identity, () => false, 0).catch(() => 0);
    launcher.sockets?.close();
    state = 'closed';
  }

  return {
    start,
    close,
    /** Refuses a call (UNAVAILABLE) unless the executor is running and its engine answers. */
    checkAvailable,
    retryRemovals,
    get running() {
      return state === 'running';
    },
    /** Why the last start failed, if it did. */
    get startError() {
      return startError;
    },
  };
}
