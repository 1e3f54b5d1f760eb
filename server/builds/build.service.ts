/**
 * Runs one dependency build and applies its outcome: the version's manifest, addressed with the
 * runtime image and registries (dependency.set.ts); a set already on disk is reused at once,
 * otherwise the executor's builder installs it in its isolated container. SUCCEEDED makes the
 * version live (unless a newer one is) and prewarms its container; FAILED leaves the live
 * version serving, and the log says why. The queue around this is build.worker.ts.
 */
import type { BuildConfig } from '../config.js';
import { notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { DependencyBuilder, Executor } from '../executor/executor.types.js';
import type { FunctionService } from '../functions/function.service.js';
import { atVersion } from '../functions/function.version.js';
import type { FunctionRow } from '../functions/function.table.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { BuildRepository } from './build.repository.js';
import { BuildLog } from './build.log.js';
import type { BuildRow, BuildStatus } from './build.table.js';
import { findManifest, type DependencyManifest } from './dependency.manifest.js';
import { contentDigest } from './dependency.content.js';
import { DependencySets } from './dependency.set.js';

/** Other nodes' copies of dependency sets (cluster/dependency.fetch.ts): tried before building one here. */
export interface DependencyPeers {
  /** Copies the set from a live node that has it, verified; false when none has it. */
  fetch(digest: string, say: (text: string) => void): Promise<boolean>;
}

/** Published on the bus as `build` with the function's id: the live log and status changes. */
export interface BuildLogEvent {
  buildId: string;
  functionId: string;
  ownerId: string;
  status: BuildStatus;
  /** Output since the last event ('' for a status change alone). */
  text: string;
}

const SAVE_LOG_EVERY_MS = 2_000;

interface Plan {
  fn: FunctionRow;
  manifest: DependencyManifest;
  builder: DependencyBuilder;
  digest: string;
}

export class BuildService {
  /** Logs of builds running here: what a new subscriber is shown first. */
  readonly liveLogs = new Map<string, BuildLog>();

  constructor(
    private readonly builds: BuildRepository,
    private readonly functions: FunctionService,
    private readonly sets: DependencySets,
    private readonly executor: Pick<Executor, 'builder'>,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly config: BuildConfig,
    /** Loads a container of the function's live version ahead of its first call. */
    private readonly prewarm: (fn: FunctionRow) => Promise<void>,
  ) {}

  /** A build of a function the viewer may see. */
  async get(viewer: Viewer, id: string): Promise<BuildRow> {
    const build = await this.builds.find(id);
    if (!build || (build.owner_id !== viewer.id && !isAdmin(viewer))) throw notFound('Build');
    return build;
  }

  /** The build of a function or version row (already authorised by whoever read the row). */
  async ofVersion(row: { build_id: string | null }): Promise<BuildRow | undefined> {
    if (!row.build_id) return undefined;
    const build = await this.builds.find(row.build_id);
    const log = build && this.liveLogs.get(build.id);
    return build && log ? { ...build, log: log.toString() } : build;
  }

  /** Runs a build this node has claimed (BUILDING) to its end. `stopping`: the node is shutting down. */
  async run(build: BuildRow, stopping: () => boolean): Promise<void> {
    const log = new BuildLog(this.config.logBytes);
    this.liveLogs.set(build.id, log);
    let saved = Date.now();
    const say = (chunk: Buffer | string) => {
      const text = log.append(chunk);
      this.publish(build, 'BUILDING', text);
      if (Date.now() - saved > SAVE_LOG_EVERY_MS) {
        saved = Date.now();
        void this.builds.saveLog(build.id, log.toString()).catch(() => undefined);
      }
    };
    this.publish(build, 'BUILDING', '');
    try {
      const outcome = await this.install(build, say);
      if (stopping()) return; // interrupted by shutdown: requeued at the next start, never FAILED for it
      if (outcome.ok) await this.succeed(build, outcome.digest, log);
      else {
        say(`\nBuild FAILED: ${outcome.error}\n`);
        await this.fail(build, log);
      }
    } catch (err) {
      if (stopping()) return;
      this.logger.error({ err, buildId: build.id }, 'build failed unexpectedly');
      say(`\nBuild FAILED: ${(err as Error).message}\n`);
      await this.fail(build, log);
    } finally {
      this.liveLogs.delete(build.id);
    }
  }

  /** In a cluster: sets built on other nodes are copied from them, never built again here. */
  private peers?: DependencyPeers;

  fetchFrom(peers: DependencyPeers): void {
    this.peers = peers;
  }

  /** Whether the build's dependency set is already on this node (it then completes at once, outside the queue). */
  async reusable(build: BuildRow): Promise<boolean> {
    const plan = await this.plan(build).catch(() => undefined);
    return !!plan?.digest && this.sets.has(plan.digest);
  }

  /** What the build installs and the address of the result, or why it cannot run. */
  private async plan(build: BuildRow): Promise<Partial<Plan> & ({ error: string } | Plan)> {
    const fn = await this.functions.find(build.function_id);
    const version = fn && (await this.functions.versionRow(fn.id, build.version));
    if (!fn || !version) return { error: 'the function or its version is gone' };
    const manifest = findManifest(version.runtime, version.dependencies, version.dependencies === null ? await this.functions.files(version) : []);
    if (!manifest) return { error: 'this version has no dependencies to install' };
    const builder = this.executor.builder;
    if (!builder) return { error: 'this server cannot run builds (no container engine)' };
    const digest = DependencySets.digest(manifest, await builder.runtimeImageId(manifest.runtime), this.config.registries);
    return { fn, manifest, builder, digest };
  }

  private async install(build: BuildRow, say: (text: string | Buffer) => void): Promise<{ ok: true; digest: string } | { ok: false; error: string }> {
    const plan = await this.plan(build);
    if ('error' in plan) return { ok: false, error: plan.error };
    const { fn, manifest, builder, digest } = plan as Plan;
    const registries = this.config.registries;
    say(`Dependencies of ${fn.name} version ${build.version} (from the ${manifest.source}: ${Object.keys(manifest.files).join(', ')})\n`);
    say(`Dependency set ${digest.slice(0, 16)}\n`);
    if (this.sets.has(digest)) {
      say('Already built for another version or function: reused.\n');
      return { ok: true, digest };
    }
    if (this.peers) {
      if (await this.peers.fetch(digest, say)) return { ok: true, digest };
      say('No live node has this set: building it here.\n');
    }
    const started = Date.now();
    const outputDir = this.sets.stage(build.id);
    const result = await builder.build({
      buildId: build.id,
      runtime: manifest.runtime,
      files: manifest.files,
      registries,
      caFile: this.config.caFile,
      limits: { timeoutMs: this.config.timeoutMs, memoryMb: this.config.memoryMb, outputBytes: this.config.outputBytes, scratchBytes: this.config.scratchBytes },
      outputDir,
      onOutput: say,
    });
    if (!result.ok) {
      this.sets.discard(build.id);
      return result;
    }
    this.sets.commit(build.id, digest);
    say(`\nInstalled ${result.files} files (${(result.bytes / 1024 / 1024).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return { ok: true, digest };
  }

  /**
   * A version about to go live gets a loaded container first, so its first caller does not
   * wait for `docker run`; then the build SUCCEEDED, in the same transaction as going live.
   */
  private async succeed(build: BuildRow, digest: string, log: BuildLog): Promise<void> {
    const fn = await this.functions.find(build.function_id);
    const version = fn && (await this.functions.versionRow(fn.id, build.version));
    if (fn && version && (fn.live_version === null || fn.live_version < build.version)) {
      const next = { ...atVersion(fn, version), deps_digest: digest, live_version: build.version };
      await this.prewarm(next).catch((err: Error) => this.logger.warn({ err: err.message, functionId: fn.id }, 'could not prewarm a function after its build'));
    }
    const content = await contentDigest(this.sets.path(digest));
    if (await this.builds.succeed(build, digest, content, log.toString() + 'Build SUCCEEDED.\n', Date.now())) await this.changed(build, 'SUCCEEDED');
  }

  private async fail(build: BuildRow, log: BuildLog): Promise<void> {
    if (await this.builds.fail(build.id, log.toString(), Date.now())) await this.changed(build, 'FAILED');
  }

  /** Every node forgets its cached row, and subscribers hear of the new status. */
  private async changed(build: BuildRow, status: BuildStatus): Promise<FunctionRow | undefined> {
    this.functions.invalidate(build.function_id);
    const fn = await this.functions.find(build.function_id);
    if (fn) this.events.publish('function', { type: 'UPDATED', function: fn });
    this.publish(build, status, '');
    return fn;
  }

  private publish(build: BuildRow, status: BuildStatus, text: string): void {
    const event: BuildLogEvent = { buildId: build.id, functionId: build.function_id, ownerId: build.owner_id, status, text };
    this.events.publish('build', build.function_id, event);
  }
}
