/**
 * The Executor on a Docker engine: warm containers per function version, stem cells for
 * first calls, per-function concurrency, deadlines that kill, and a lifecycle that leaves
 * no containers behind. This file builds the parts and answers for them; its start and
 * close are executor.lifecycle.ts's. See the other files in this folder for each part.
 */
import crypto from 'node:crypto';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ExecutorConfig } from '../config.js';
import { ConcurrencyLimiter } from './concurrency.limiter.js';
import { ContainerDemand } from './container.demand.js';
import type { ContainerEngine } from './container.engine.js';
import { dataDirHash, LABELS, type InstanceIdentity } from './container.hardening.js';
import { ContainerLauncher } from './container.launcher.js';
import { createRunner } from './invocation.runner.js';
import { DockerodeEngine } from './dockerode.engine.js';
import { EngineEvents } from './engine.events.js';
import { EngineHealth } from './engine.health.js';
import { EventLoopLoad } from './event-loop.load.js';
import { executorLifecycle } from './executor.lifecycle.js';
import type { Executor, Health, ImagePeers, PoolStats, Runtime } from './executor.types.js';
import { RUNTIMES, versionOfKey } from './executor.types.js';
import { runtimeImageId } from './images/image.builder.js';
import { ensureBuilderImage } from './images/builder.images.js';
import { loadImage, saveImage } from './images/image.transfer.js';
import { DockerBuildRunner, type BuilderImages } from './build.runner.js';
import { EgressAccess } from '../network/egress.access.js';
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
    lifecycle.retryRemovals();
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
  const loopLoad = new EventLoopLoad();
  const demand = new ContainerDemand(config.queueBudgetMs, options.serverBusy ?? loopLoad.busy);
  const run = createRunner({ engine, pool, demand, launcher, stems, events, health, config });
  const lifecycle = executorLifecycle({ config, log, docker, engine, identity, pool, events, limiter, health, launcher, egress, stems, builder, provisioned, loopLoad, demand, images: options.images, fromPeer });
  const { checkAvailable } = lifecycle;


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
    start: lifecycle.start,
    close: lifecycle.close,


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
      if (!lifecycle.running) return { ok: false, reason: lifecycle.startError ?? 'runtime images not ready', engine: engine.endpoint };
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

  };
  return executor;
}

/** Stem cells start at the platform's default function memory, so most claims need no update. */
const DEFAULT_STEM_MEMORY_MB = 128;
