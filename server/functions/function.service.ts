import crypto from 'node:crypto';
import { badInput } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { Executor, FunctionSpec } from '../executor/executor.types.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import { checkScopedChange } from '../auth/key.scope.js';
import type { BundleStore } from '../bundles/bundle.store.js';
import { findManifest } from '../builds/dependency.manifest.js';
import type { BuildRow } from '../builds/build.table.js';
import type { FunctionRepository } from './function.repository.js';
import type { FunctionSources } from './function.source.js';
import { FunctionReads } from './function.reads.js';
import type { FunctionRow } from './function.table.js';
import { buildColumns, newBuild, toColumns, toSettings } from './function.columns.js';
import { functionSpec } from './function.spec.js';
import { FunctionWrites, nameTaken, tooManyFunctions } from './function.writes.js';
import { validateCreate, validateName, validateRuntime, validateUpdate, type FunctionInput, type FunctionSettings } from './function.validation.js';

/**
 * Owns every rule about changing functions: creation, versions, deletion (the reads are
 * FunctionReads', which it extends). Which of a function's versions a call runs is the
 * version router's (version.router.ts).
 */
export class FunctionService extends FunctionReads {
  /** Told of each build a new version queued (builds/build.service.ts runs them). */
  private buildQueued: (build: BuildRow) => void = () => undefined;
  /** Versions whose warm containers must outlive a change of the function (aliases/alias.cache.ts). */
  private servedVersions: (id: string) => Promise<readonly number[] | undefined> = async () => undefined;
  private readonly writes: FunctionWrites;

  constructor(
    functions: FunctionRepository,
    private readonly executor: Pick<Executor, 'retire'>,
    private readonly events: EventBus,
    private readonly sources: FunctionSources,
    bundles: BundleStore,
    /** Functions a non-ADMIN may own (their quota maxFunctions, server/quotas/); 0: no limit. */
    private readonly maxPerUser: number | ((ownerId: string) => number) = 0,
    /** Where a built dependency set is on this node (builds/dependency.set.ts). */
    private readonly dependencySetPath: (digest: string) => string = (digest) => digest,
    /** Functions whose rows (and earlier versions' rows) are kept in memory, per cache generation. */
    cacheEntries = 2_000,
  ) {
    super(functions, bundles, events, cacheEntries);
    this.writes = new FunctionWrites(functions);
  }

  async create(viewer: Viewer, input: FunctionInput): Promise<FunctionRow> {
    validateName(input.name); // the cheap checks first, before any bundle is read
    const source = await this.sources.forCreate(validateRuntime(input.runtime), input);
    const settings = validateCreate(input, source);
    await this.checkDestinations(viewer.id, settings);
    const now = Date.now();
    // Counted in the insert's transaction, so concurrent creations cannot overshoot it.
    const limit = isAdmin(viewer) ? 0 : typeof this.maxPerUser === 'number' ? this.maxPerUser : this.maxPerUser(viewer.id);
    await this.checkNameFree(viewer.id, settings.name);
    const id = crypto.randomUUID();
    const build = findManifest(settings.runtime, settings.dependencies, source.bundle?.files ?? []) ? newBuild(id, viewer.id, 1, now) : undefined;
    const row = await this.writes.guardRoute(viewer.id, undefined, settings.route, () =>
      this.functions.insert(
        { id, owner_id: viewer.id, ...toColumns(settings), access: settings.access, version: 1, ...buildColumns(build, 1, null), created_at: now, updated_at: now },
        source.bundle,
        limit,
        build,
      ),
    );
    if (!row) throw tooManyFunctions(limit);
    if (source.bundle) this.bundles.remember(source.bundle.digest, source.bundle.files);
    if (build) this.buildQueued(build);
    this.invalidate(row.id);
    this.events.publish('function', { type: 'CREATED', function: row });
    return row;
  }

  async update(viewer: Viewer, id: string, input: FunctionInput): Promise<FunctionRow> {
    const current = await this.get(viewer, id);
    const runtime = Object.prototype.hasOwnProperty.call(input, 'runtime') && input.runtime !== undefined ? validateRuntime(input.runtime) : current.runtime;
    const source = await this.sources.forUpdate(runtime, input, { runtime: current.runtime, code: current.code, handler: current.handler, bundleDigest: current.bundle_digest });
    const settings = validateUpdate(toSettings(current), input, source);
    await this.checkDestinations(current.owner_id, settings);
    await checkScopedChange(viewer, current, settings, async (target) => (await this.find(target))?.name);
    const columns = toColumns(settings);
    const same = (k: keyof typeof columns) => columns[k] === current[k];
    // Route and access belong to the function: changing only them needs no version and no new container.
    const versioned = (Object.keys(columns) as (keyof typeof columns)[]).some((k) => k !== 'route' && !same(k));
    if (!versioned && same('route') && settings.access === current.access) return current;
    if (settings.name.toLowerCase() !== current.name.toLowerCase()) await this.checkNameFree(current.owner_id, settings.name);
    const bundle = source.bundle?.digest === current.bundle_digest ? undefined : source.bundle;
    const now = Date.now();
    const version = current.version + 1;
    const bundleFiles = source.bundle?.files ?? (versioned && settings.bundleDigest ? await this.bundles.files(settings.bundleDigest) : []);
    // A version with dependencies goes live once its build SUCCEEDED; until then the live one serves.
    const build = versioned && findManifest(settings.runtime, settings.dependencies, bundleFiles) ? newBuild(id, current.owner_id, version, now) : undefined;
    const row = await this.writes.guardRoute(current.owner_id, id, same('route') ? null : settings.route, () =>
      versioned
        ? this.functions.update(id, { ...columns, access: settings.access, version, ...buildColumns(build, version, current.live_version), updated_at: now }, bundle, build)
        : this.functions.updateRouting(id, { route: settings.route, access: settings.access, updated_at: now }),
    );
    if (bundle) this.bundles.remember(bundle.digest, bundle.files);
    this.invalidate(id);
    if (build) this.buildQueued(build);
    else if (versioned) await this.retireUnserved(id);
    this.events.publish('function', { type: 'UPDATED', function: row });
    return row;
  }

  /** Aliases tell which versions still take calls, so a change keeps their warm containers. */
  keepServing(servedVersions: (id: string) => Promise<readonly number[] | undefined>): void {
    this.servedVersions = servedVersions;
  }

  /** Retires the warm containers of the function's versions no alias sends calls to any more. */
  async retireUnserved(id: string): Promise<void> {
    await this.executor.retire(id, await this.servedVersions(id));
  }

  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const current = await this.get(viewer, id);
    await this.functions.delete(id);
    this.invalidate(id);
    await this.executor.retire(id);
    this.events.publish('function', { type: 'DELETED', function: current });
    return true;
  }

  /** Registers what runs the builds new versions queue (one listener: the build service). */
  onBuildQueued(listener: (build: BuildRow) => void): void {
    this.buildQueued = listener;
  }

  /** What the executor needs to run the function's current version. */
  spec(row: FunctionRow): FunctionSpec {
    return functionSpec(row, this.bundles, this.dependencySetPath);
  }

  /** Async outcomes go only to the same owner's functions (never another tenant's). */
  private async checkDestinations(ownerId: string, settings: FunctionSettings): Promise<void> {
    for (const [field, id] of [['onSuccessFunctionId', settings.onSuccessFunctionId], ['onFailureFunctionId', settings.onFailureFunctionId]] as const) {
      if (id === null) continue;
      const target = await this.find(id);
      if (!target || target.owner_id !== ownerId) throw badInput(`${field} must be the id of one of the owner's functions`);
    }
  }

  /** Names are unique per owner regardless of case; the unique index catches a concurrent twin. */
  private async checkNameFree(ownerId: string, name: string): Promise<void> {
    if (await this.functions.findByName(ownerId, name)) throw nameTaken(name);
  }
}
