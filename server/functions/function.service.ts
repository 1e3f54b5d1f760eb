import crypto from 'node:crypto';
import { badInput, conflict, notFound, unavailable, withQuota } from '../errors.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { EventBus } from '../events/event.bus.js';
import type { Executor, FunctionSpec } from '../executor/executor.types.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import { checkScopedChange } from '../auth/key.scope.js';
import { resolveHandler } from '../bundles/bundle.handler.js';
import type { BundleStore } from '../bundles/bundle.store.js';
import type { BundleFile } from '../bundles/bundle.types.js';
import { findManifest, manifestText } from '../builds/dependency.manifest.js';
import type { BuildRow } from '../builds/build.table.js';
import type { FunctionRepository } from './function.repository.js';
import type { FunctionSources } from './function.source.js';
import { looksLikeId, parseFunctionReference } from './function.name.js';
import { RouteMatcher } from './route.matcher.js';
import { overlaps, sameShape } from './route.pattern.js';
import type { FunctionRow, FunctionVersionRow } from './function.table.js';
import { atVersion } from './function.version.js';
import { validateCreate, validateName, validateRuntime, validateUpdate, type FunctionInput, type FunctionSettings } from './function.validation.js';

/**
 * Owns every rule about functions. Reads on the invocation hot path are served from an
 * in-memory copy, invalidated on write: by this process, and by the other nodes sharing its
 * database, whose function events arrive over the bus (Redis: FNBOX_REDIS_URL).
 */
export class FunctionService {
  private readonly byId = new Map<string, FunctionRow>();
  /** The live version's row of functions whose newest version is not live (a build pending). */
  private readonly liveById = new Map<string, Promise<FunctionRow>>();
  /** Told of each build a new version queued (builds/build.service.ts runs them). */
  private buildQueued: (build: BuildRow) => void = () => undefined;
  /** Earlier versions as they run, per function: versions never change, the function's own settings may. */
  private readonly versions = new Map<string, Map<number, FunctionRow>>();
  /** Versions whose warm containers must outlive a change of the function (aliases/alias.router.ts). */
  private servedVersions: (id: string) => Promise<readonly number[] | undefined> = async () => undefined;
  private routes: RouteMatcher | null = null;
  /**
   * Counts invalidations: a read that was under way when one came (an update here, or its
   * event from another node) may hold the old row, and must not fill the cache after it.
   */
  private generation = 0;
  /** Route writes run one at a time, so the ownership check and the write cannot interleave. */
  private routeWrites: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly functions: FunctionRepository,
    private readonly executor: Pick<Executor, 'retire'>,
    private readonly events: EventBus,
    private readonly sources: FunctionSources,
    private readonly bundles: BundleStore,
    /** Functions a non-ADMIN may own (their quota maxFunctions, server/quotas/); 0: no limit. */
    private readonly maxPerUser: number | ((ownerId: string) => number) = 0,
    /** Where a built dependency set is on this node (builds/dependency.set.ts). */
    private readonly dependencySetPath: (digest: string) => string = (digest) => digest,
  ) {
    events.listen('function', ({ function: row }) => this.invalidate(row.id));
  }

  /** The function if the viewer may see it; NOT_FOUND otherwise, so others learn nothing. */
  async get(viewer: Viewer, id: string): Promise<FunctionRow> {
    const row = await this.find(id);
    if (!row || (row.owner_id !== viewer.id && !isAdmin(viewer))) throw notFound('Function');
    return row;
  }

  list(viewer: Viewer): Promise<FunctionRow[]> {
    return this.functions.list(isAdmin(viewer) ? undefined : viewer.id);
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
    const row = await this.guardRoute(viewer.id, undefined, settings.route, () =>
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
    const row = await this.guardRoute(current.owner_id, id, same('route') ? null : settings.route, () =>
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

  /**
   * The version an unqualified call runs when the function has no alias `live`: its newest
   * version that can run. Every version can today; a version whose dependency build has not
   * succeeded will not (the one place that decides it).
   */
  newestRunnable(fn: FunctionRow): FunctionRow | Promise<FunctionRow> {
    return this.live(fn);
  }

  /** `fn` as it runs at `version` (NOT_FOUND when it has none): served from memory after the first call. */
  async atVersion(fn: FunctionRow, version: number): Promise<FunctionRow> {
    if (version === fn.version) return runnable(fn);
    const known = this.versions.get(fn.id)?.get(version);
    if (known) return known;
    const row = await this.functions.findVersion(fn.id, version);
    if (!row) throw notFound(`Version ${version} of the function`);
    const view = runnable(atVersion(fn, row));
    // Cached only while `fn` is still current (an update meanwhile drops the cache: see invalidate).
    if (this.byId.get(fn.id) === fn) (this.versions.get(fn.id) ?? this.versions.set(fn.id, new Map()).get(fn.id)!).set(version, view);
    return view;
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

  /** The files a function (or one of its versions) runs; none for one-file code. */
  async files(row: { bundle_digest: string | null }): Promise<BundleFile[]> {
    return row.bundle_digest ? this.bundles.files(row.bundle_digest) : [];
  }

  /** The requirements.txt / package.json text of a function or version: its field, else its bundle's root manifest. */
  async dependencies(row: { runtime: FunctionRow['runtime']; dependencies: string | null; bundle_digest: string | null }): Promise<string | null> {
    return manifestText(row.runtime, row.dependencies, row.dependencies === null ? await this.files(row) : []);
  }

  /** Registers what runs the builds new versions queue (one listener: the build service). */
  onBuildQueued(listener: (build: BuildRow) => void): void {
    this.buildQueued = listener;
  }

  /**
   * The row calls run: `fn` itself when its newest version is live (every function without a
   * pending build: one comparison), else its live version's settings over it; UNAVAILABLE when
   * no version is live yet (its first build is still running, or failed).
   */
  live(fn: FunctionRow): FunctionRow | Promise<FunctionRow> {
    if (fn.live_version === fn.version) return fn;
    const liveVersion = fn.live_version;
    if (liveVersion === null) {
      return Promise.reject(unavailable(`Function ${fn.name} has no live version yet: its dependencies are being built, or the build failed (see build.log)`, 5));
    }
    let live = this.liveById.get(fn.id);
    if (!live) {
      live = this.functions.findVersion(fn.id, liveVersion).then((v) => {
        if (!v) throw unavailable(`Function ${fn.name} has no live version`, 5);
        return withVersion(fn, v);
      });
      live.catch(() => this.liveById.delete(fn.id));
      this.liveById.set(fn.id, live);
    }
    return live;
  }

  /** What the executor needs to run the function's current version. */
  spec(row: FunctionRow): FunctionSpec {
    const spec = toSpec(row);
    if (row.deps_digest) spec.dependencies = { digest: row.deps_digest, hostPath: this.dependencySetPath(row.deps_digest) };
    const digest = row.bundle_digest;
    const handler = row.handler;
    if (digest && handler) {
      spec.bundle = {
        digest,
        handler,
        load: async () => {
          const files = await this.bundles.files(digest);
          const { file, exportName } = resolveHandler(row.runtime, handler, new Set(files.map((f) => f.path)));
          return { files, handlerFile: file, exportName };
        },
      };
    }
    return spec;
  }

  async getVersion(viewer: Viewer, id: string, version: number): Promise<FunctionVersionRow> {
    await this.get(viewer, id);
    const row = await this.functions.findVersion(id, version);
    if (!row) throw notFound('Function version');
    return row;
  }

  /** One version of any function, without an ownership check: for internal callers only. */
  versionRow(id: string, version: number): Promise<FunctionVersionRow | undefined> {
    return this.functions.findVersion(id, version);
  }

  async listVersions(viewer: Viewer, id: string): Promise<FunctionVersionRow[]> {
    await this.get(viewer, id);
    return this.functions.listVersions(id);
  }

  /**
   * The viewer's function named by an id, a name, or an ARN (`arn:aws:lambda:...:function:<name>[:qualifier]`)
   * with the qualifier it carries: what the CLI and the Lambda API look functions up with.
   * A name is the viewer's own (an ADMIN reaches others' functions by id).
   */
  async findByNameOrId(viewer: Viewer, reference: string): Promise<{ fn: FunctionRow; qualifier?: string }> {
    const { nameOrId, qualifier } = parseFunctionReference(reference);
    const byId = looksLikeId(nameOrId) ? await this.find(nameOrId) : undefined;
    const fn = byId && (byId.owner_id === viewer.id || isAdmin(viewer)) ? byId : await this.functions.findByName(viewer.id, nameOrId);
    if (!fn) throw notFound('Function');
    return qualifier === undefined ? { fn } : { fn, qualifier };
  }

  /**
   * The function by id, as `get`, or else by the viewer's name for it: what invokeFunction
   * takes, so a key that may only invoke (and so cannot list functions) can call one by name.
   * The id path, the warm invoke path, is unchanged; a name costs one indexed read on a miss.
   */
  async getByIdOrName(viewer: Viewer, reference: string): Promise<FunctionRow> {
    try {
      return await this.get(viewer, reference);
    } catch (error) {
      const byName = await this.functions.findByName(viewer.id, reference).catch(() => undefined);
      if (!byName) throw error;
      return byName;
    }
  }

  /** Any function by id, without an ownership check: for internal callers only. */
  async find(id: string): Promise<FunctionRow | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const generation = this.generation;
    const row = await this.functions.findById(id);
    if (row && generation === this.generation) this.byId.set(id, row);
    return row;
  }

  /**
   * The function routed at `path` (as requested below /fn, case kept): the most specific
   * route, with its path parameters and what is left of the path below it.
   */
  async matchRoute(path: string): Promise<{ fn: FunctionRow; rest: string; pathParameters: Record<string, string> } | undefined> {
    const matcher = this.routes ?? (await this.readRoutes());
    const match = matcher.match(path);
    const fn = match && (await this.find(match.id));
    return fn && match ? { fn, rest: match.rest, pathParameters: match.pathParameters } : undefined;
  }

  /** The routes as stored, kept unless a function changed while they were read. */
  private async readRoutes(): Promise<RouteMatcher> {
    const generation = this.generation;
    const matcher = new RouteMatcher(await this.functions.listRoutes());
    if (generation === this.generation) this.routes = matcher;
    return matcher;
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

  /** Drops what it knows of the function (changed by another service: an alias, a rollback). */
  forget(id: string): void {
    this.invalidate(id);
  }

  /** Forgets what is cached of a function (it changed here, on another node, or a build finished). */
  invalidate(id: string) {
    this.generation++;
    this.byId.delete(id);
    this.versions.delete(id);
    this.liveById.delete(id);
    this.routes = null;
  }

  /**
   * Runs a write that sets `route` (null: the route is not changing) for a function of
   * `ownerId`. A route's subtree is its owner's: a route under, above or across another
   * user's route, or one answering exactly the same paths as any other, is CONFLICT.
   */
  private guardRoute<T>(ownerId: string, functionId: string | undefined, route: string | null, write: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (route) {
        for (const other of await this.functions.listRoutes()) {
          if (other.id === functionId) continue;
          if (sameShape(route, other.route)) throw conflict('route is already taken by another function');
          if (other.owner_id !== ownerId && overlaps(route, other.route)) throw conflict(`route overlaps ${other.route}, which belongs to another user`);
        }
      }
      try {
        return await write();
      } catch (error) {
        if (isUniqueViolation(error, 'route')) throw conflict('route is already taken by another function');
        if (isUniqueViolation(error, NAME_INDEX)) throw conflict('You already have a function with this name');
        throw error;
      }
    };
    const result = this.routeWrites.then(run, run);
    this.routeWrites = result.catch(() => undefined);
    return result;
  }
}

/** The unique index on (owner_id, lower(name)) (migration 2026-11-30T0100-function-names). */
const NAME_INDEX = 'functions_owner_name_lower';
const nameTaken = (name: string) => conflict(`You already have a function named "${name}" (names are unique per owner, regardless of case)`);

/**
 * BAD_USER_INPUT (400), like Lambda's own quota errors: waiting does not help, so not
 * TOO_MANY_REQUESTS (whose Retry-After would have clients retry in vain), and creating
 * functions is allowed, so not FORBIDDEN; the caller must ask for something else (delete one).
 */
const tooManyFunctions = (limit: number) =>
  withQuota(badInput(`You already have ${limit} functions, the most your quota allows (quota maxFunctions); delete one to create another, or ask an administrator to raise it`), 'maxFunctions');

export function toSpec(row: FunctionRow): FunctionSpec {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    version: row.version,
    runtime: row.runtime,
    code: row.code,
    timeoutMs: row.timeout_ms,
    memoryMb: row.memory_mb,
    env: JSON.parse(row.env) as Record<string, string>,
    network: row.network,
    // Parsed for EGRESS functions only: NONE calls (most) skip it.
    egressAllow: row.network === 'EGRESS' ? (JSON.parse(row.egress_allow) as string[]) : undefined,
    concurrency: row.concurrency ?? undefined,
  };
}

function toSettings(row: FunctionRow): FunctionSettings {
  return {
    name: row.name, runtime: row.runtime, code: row.code, handler: row.handler, bundleDigest: row.bundle_digest,
    route: row.route, access: row.access, timeoutMs: row.timeout_ms, memoryMb: row.memory_mb, env: JSON.parse(row.env), secrets: JSON.parse(row.secrets),
    network: row.network, egressAllow: JSON.parse(row.egress_allow),
    asyncRetries: row.async_retries, onSuccessFunctionId: row.on_success_id, onFailureFunctionId: row.on_failure_id,
    dependencies: row.dependencies,
  };
}

function toColumns(s: FunctionSettings) {
  return {
    name: s.name, runtime: s.runtime, code: s.code, handler: s.handler, bundle_digest: s.bundleDigest,
    route: s.route, timeout_ms: s.timeoutMs, memory_mb: s.memoryMb, env: JSON.stringify(s.env), secrets: JSON.stringify(s.secrets),
    network: s.network, egress_allow: JSON.stringify(s.egressAllow),
    async_retries: s.asyncRetries, on_success_id: s.onSuccessFunctionId, on_failure_id: s.onFailureFunctionId,
    dependencies: s.dependencies,
  };
}

/** `fn` at a version whose dependencies are built (or that has none); UNAVAILABLE otherwise. */
function runnable(fn: FunctionRow): FunctionRow {
  if (fn.build_id !== null && fn.deps_digest === null) {
    throw unavailable(`Version ${fn.version} of ${fn.name} has no built dependencies: its build is pending or FAILED (see build.log)`, 5);
  }
  return fn;
}

/** The function as it runs `v`, one of its versions: the version's settings over the function's own. */
export function withVersion(fn: FunctionRow, v: FunctionVersionRow): FunctionRow {
  return atVersion(fn, v);
}

/** A QUEUED build of a new version with dependencies. */
function newBuild(functionId: string, ownerId: string, version: number, now: number): BuildRow {
  return {
    id: crypto.randomUUID(), function_id: functionId, version, owner_id: ownerId, status: 'QUEUED', log: '',
    set_digest: null, content_digest: null, claimed_by: null, lease_until: null, queued_at: now, started_at: null, finished_at: null,
  };
}

/** A new version's build columns: with a build it is not live yet (`live` stays); without one it is. */
function buildColumns(build: BuildRow | undefined, version: number, live: number | null) {
  return { build_id: build?.id ?? null, deps_digest: null, live_version: build ? live : version };
}
