/**
 * The Executor on a Docker engine: warm containers per function version, stem cells for
 * first calls, per-function concurrency, deadlines that kill, and a lifecycle that leaves
 * no containers behind. See the other files in this folder for each part.
 */
import crypto from 'node:crypto';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ExecutorConfig } from '../config.js';
import { unavailable } from '../errors.js';
import { AgentSockets } from './agent.sockets.js';
import { ConcurrencyLimiter } from './concurrency.limiter.js';
import { ContainerDemand } from './container.demand.js';
import { isEngineUnreachable, type ContainerEngine } from './container.engine.js';
import { dataDirHash, LABELS, type InstanceIdentity } from './container.hardening.js';
import { ContainerLauncher } from './container.launcher.js';
import { createRunner } from './invocation.runner.js';
import { DockerodeEngine } from './dockerode.engine.js';
import { EngineEvents } from './engine.events.js';
import { EngineHealth } from './engine.health.js';
import { EventLoopLoad } from './event-loop.load.js';
import type { Executor, Health, ImagePeers, PoolStats, Runtime } from './executor.types.js';
import { RUNTIMES, versionOfKey } from './executor.types.js';
import type { FunctionContainer } from './function.container.js';
import { ensureRuntimeImages, runtimeImageId } from './images/image.builder.js';
import { ensureBuilderImage } from './images/builder.images.js';
import { loadImage, saveImage } from './images/image.transfer.js';
import { DockerBuildRunner, type BuilderImages } from './build.runner.js';
import { EgressAccess } from '../network/egress.access.js';
import { reapOrphans, sweepUntracked } from './orphan.reaper.js';
import { ProvisionedContainers } from './provisioned.containers.js';
import { StemCells } from './stem.cells.js';
import { WarmPool } from './warm.pool.js';

export interface DockerExecutorOptions {
  config: ExecutorConfig;
  dataDir: string;
  logger: Logger;
  docker?: Docker;
  /** Engine override (tests, other engines); defaults to dockerode on `docker`. */
  engine?: ContainerEngine;
  /** Whether this process is busy enough for calls to queue (container.demand.ts); defaults to its event loop's load. */
  serverBusy?: () => boolean;
  /** Image provider override; defaults to building/confirming the runtime images. */
  images?: () => Promise<Record<Runtime, string>>;
  /** Builder image provider override; defaults to building them on first need (images/builder.images.ts). */
  builderImages?: BuilderImages;
}

const DRAIN_TIMEOUT_MS = 10_000;
const JANITOR_INTERVAL_MS = 30_000;

export type DockerExecutor = Executor & { readonly identity: InstanceIdentity; readonly counters: ContainerLauncher['counters']; readonly builder: DockerBuildRunner };

export function createDockerExecutor(options: DockerExecutorOptions): DockerExecutor {
  const { config, logger } = options;
  const docker = options.docker ?? new Docker();
  const engine = options.engine ?? new DockerodeEngine(docker);
  const identity: InstanceIdentity = { instanceId: crypto.randomUUID(), dataHash: dataDirHash(options.dataDir) };
  const log = logger.child({ component: 'executor', instance: identity.instanceId.slice(0, 8) });
  const pool = new WarmPool(log);
  const events = new EngineEvents(engine, { [LABELS.instance]: identity.instanceId }, log);
  const limiter = new ConcurrencyLimiter(config.perFunctionConcurrency, config.perFunctionQueue);
  const health = new EngineHealth(engine, log, () => {
    stems.retryNow();
    retryRemovals();
  });
  const launcher = new ContainerLauncher(engine, pool, health, config, identity, log);
  // The guard is gone: no EGRESS container may keep running unguarded.
  const egress = new EgressAccess(engine, config.egress, log.child({ component: 'egress' }), () => pool.retireNetwork('EGRESS'));
  launcher.egress = egress;
  const stems = new StemCells(pool, {
    perRuntime: config.stemCellsPerRuntime,
    maxPerPool: Math.max(config.stemCellsPerRuntime, config.stemCellsMax),
    ttlMs: config.stemTtlMs,
    memoryBudgetMb: config.stemMemoryBudgetMb,
    maxContainers: config.maxContainers,
    occupied: () => launcher.occupied,
    defaultMemoryMb: DEFAULT_STEM_MEMORY_MB,
    launch: (runtime, memoryMb, network) => launcher.launch(runtime, memoryMb, undefined, false, network),
    egressReady: () => egress.ready,
  }, log);
  launcher.stemCells = stems;
  let imagePeers: ImagePeers | undefined;
  const fromPeer = async (tag: string) => {
    const loaded = !!imagePeers && (await imagePeers(tag, (id, stream) => loadImage(docker, tag, id, stream)));
    if (loaded) log.info({ images: true, tag }, 'loaded an image from another node');
    return loaded;
  };
  const builderImages: BuilderImages = options.builderImages ?? {
    builder: (runtime) => ensureBuilderImage(docker, runtime, { onProgress: (line) => log.info({ images: true }, line), fromPeer }),
    runtimeImageId: (runtime) => runtimeImageId(docker, runtime),
  };
  const builder = new DockerBuildRunner(docker, builderImages, egress, config, identity, log.child({ component: 'builds' }));
  const provisioned = new ProvisionedContainers(pool, launcher, log);
  const timers: NodeJS.Timeout[] = [];
  let state: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  let startError: string | undefined;

  const loopLoad = new EventLoopLoad();
  const demand = new ContainerDemand(config.queueBudgetMs, options.serverBusy ?? loopLoad.busy);
  const run = createRunner({ engine, pool, demand, launcher, stems, events, health, config });

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

  const executor: DockerExecutor = {
    identity,
    counters: launcher.counters,
    builder,

    fetchDependenciesWith(ensure) {
      launcher.ensureDependencies = ensure;
    },
    fetchImagesWith(peers) {
      imagePeers = peers;
    },
    saveImage: (tag) => saveImage(docker, tag),
    loadImageFromPeers: fromPeer,

    async start() {
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
        images = options.images
          ? await options.images()
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
    },

    async execute(request) {
      await checkAvailable();
      if (request.fn.network === 'EGRESS') egress.assertReady();
      const waiting = limiter.acquire(request.fn.id, request.fn.name, request.fn.concurrency);
      if (waiting) await waiting;
      try {
        return await run(request);
      } finally {
        limiter.release(request.fn.id);
      }
    },

    async prewarm(fn) {
      await checkAvailable();
      if (fn.network === 'EGRESS') egress.assertReady();
      const container = await launcher.claim(fn);
      try {
        await container.specialise(fn, fn.bundle ? await fn.bundle.load() : undefined);
      } catch (err) {
        void pool.discard(container);
        throw err;
      }
      pool.release(container); // idle and loaded: the first call takes it warm
    },

    async retire(functionId, keepVersions) {
      const removals: Promise<void>[] = [];
      for (const container of pool.containersOf(functionId)) {
        if (keepVersions?.includes(versionOfKey(container.fnKey)!)) continue;
        container.provisioned = false; // its version is retired; provision() brings the new one
        if (container.phase === 'busy') container.tainted = true; // removed when its invocation ends
        else removals.push(pool.discard(container));
      }
      await Promise.all(removals);
    },

    async health(): Promise<Health> {
      const ok = await health.check();
      if (!ok) return { ok: false, reason: health.lastReason ?? health.unreachableMessage, engine: engine.endpoint };
      if (state !== 'running') return { ok: false, reason: startError ?? 'runtime images not ready', engine: engine.endpoint };
      const degraded = egress.problem ? [`egress: ${egress.problem}`] : undefined;
      return { ok: true, engine: engine.endpoint, agentTransport: launcher.sockets?.enabled ? 'socket' : 'attach', ...(degraded ? { degraded } : {}) };
    },

    stats(): PoolStats {
      const runtimes = Object.fromEntries(RUNTIMES.map((r) => [r, pool.counts(r)])) as PoolStats['runtimes'];
      return { runtimes, queued: limiter.queued, containers: pool.size, stemPools: stems.stats() };
    },

    limitOwners(containersOf) {
      launcher.ownerLimit = containersOf;
    },

    provision(fn, count) {
      provisioned.set(fn, count);
    },

    provisionedReady(functionId) {
      return pool.containersOf(functionId).filter((c) => c.provisioned && c.alive).length;
    },

    usage(ownerId) {
      return { containers: pool.heldBy(ownerId), provisioned: provisioned.heldBy(ownerId) };
    },

    async close() {
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
    },
  };
  return executor;
}

/** Stem cells start at the platform's default function memory, so most claims need no update. */
const DEFAULT_STEM_MEMORY_MB = 128;
