import { GenerationalCache } from '../memory/generational.cache.js';
import { notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { BundleStore } from '../bundles/bundle.store.js';
import type { BundleFile } from '../bundles/bundle.types.js';
import { manifestText } from '../builds/dependency.manifest.js';
import type { FunctionRepository } from './function.repository.js';
import { looksLikeId, parseFunctionReference } from './function.name.js';
import { RouteMatcher } from './route.matcher.js';
import type { FunctionRow, FunctionVersionRow } from './function.table.js';

/**
 * Every read of functions: by id (what the invocation hot path reads) from an in-memory copy,
 * invalidated on write: by this process, and by the other nodes sharing its database, whose
 * function events arrive over the bus (Redis: FNBOX_REDIS_URL); by name, by route, and their
 * versions. The writes and their rules are FunctionService's (function.service.ts), which extends it.
 */
export class FunctionReads {
  // Bounded however many functions exist (FNBOX_FUNCTION_CACHE_ENTRIES): the ones called stay.
  private readonly byId: GenerationalCache<string, FunctionRow>;
  /** Told of each function whose cached rows are dropped, or of all (no id): the version router's follow. */
  private forgotten: (id?: string) => void = () => undefined;
  private routes: RouteMatcher | null = null;
  /**
   * Counts invalidations: a read that was under way when one came (an update here, or its
   * event from another node) may hold the old row, and must not fill the cache after it.
   */
  private generation = 0;

  constructor(
    protected readonly functions: FunctionRepository,
    protected readonly bundles: BundleStore,
    events: EventBus,
    /** Functions whose rows are kept in memory, per cache generation. */
    cacheEntries = 2_000,
  ) {
    this.byId = new GenerationalCache(cacheEntries);
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

  /** The files a function (or one of its versions) runs; none for one-file code. */
  async files(row: { bundle_digest: string | null }): Promise<BundleFile[]> {
    return row.bundle_digest ? this.bundles.files(row.bundle_digest) : [];
  }

  /** The requirements.txt / package.json text of a function or version: its field, else its bundle's root manifest. */
  async dependencies(row: { runtime: FunctionRow['runtime']; dependencies: string | null; bundle_digest: string | null }): Promise<string | null> {
    return manifestText(row.runtime, row.dependencies, row.dependencies === null ? await this.files(row) : []);
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

  /** Functions whose rows this node holds in memory (Query.memory, bounded by FNBOX_FUNCTION_CACHE_ENTRIES). */
  get cachedFunctions(): number {
    return this.byId.size;
  }

  /** Drops what it knows of the function (changed by another service: an alias, a rollback). */
  forget(id: string): void {
    this.invalidate(id);
  }

  /** Forgets what is cached of a function (it changed here, on another node, or a build finished). */
  invalidate(id: string) {
    this.generation++;
    this.byId.delete(id);
    this.routes = null;
    this.forgotten(id);
  }

  /** Drops every cached function and the routes: changes may have been missed (the bus was away). */
  forgetAll(): void {
    this.generation++;
    this.byId.clear();
    this.routes = null;
    this.forgotten();
  }

  /** Registers who must forget with it (one listener: the version router); no id: every function. */
  onForget(listener: (id?: string) => void): void {
    this.forgotten = listener;
  }

  /** Whether `row` is the function as cached now (nothing dropped it since it was read). */
  isCurrent(row: FunctionRow): boolean {
    return this.byId.get(row.id) === row;
  }
}
