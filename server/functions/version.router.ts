import { GenerationalCache } from '../memory/generational.cache.js';
import { badInput, notFound, unavailable } from '../errors.js';
import type { AliasCache } from '../aliases/alias.cache.js';
import { ALIAS_NAME, LIVE, type AliasRow } from '../aliases/alias.table.js';
import type { FunctionService } from './function.service.js';
import type { FunctionRow } from './function.table.js';
import { atVersion } from './function.version.js';

/** Lambda's name for the newest version, whatever the aliases say. */
export const LATEST = '$LATEST';
const VERSION = /^[1-9][0-9]{0,9}$/;

/**
 * Which version a call runs, decided here and nowhere else. An unqualified call runs alias
 * `live` (with its canary) when the function has one, else its live version: the newest whose
 * dependency build SUCCEEDED (functions.live_version). A qualified call runs the alias or
 * version it names, or $LATEST. A version whose dependencies are not built never runs.
 *
 * Aliases come from memory (aliases/alias.cache.ts), so once they are all held an unqualified
 * call of a function whose newest version is live is answered synchronously: a warm call pays
 * for no Promise here. Rows of earlier versions are read once and kept until the function changes.
 */
export class VersionRouter {
  /** The live version's row of functions whose newest version is not live (a build pending). */
  private readonly liveById: GenerationalCache<string, Promise<FunctionRow>>;
  /** Earlier versions as they run, per function: versions never change, the function's own settings may. */
  private readonly versions: GenerationalCache<string, Map<number, FunctionRow>>;

  constructor(
    private readonly functions: Pick<FunctionService, 'versionRow' | 'isCurrent' | 'onForget'>,
    private readonly aliases: AliasCache,
    /** Functions whose live and earlier versions' rows are kept, per cache generation (FNBOX_FUNCTION_CACHE_ENTRIES). */
    cacheEntries = 2_000,
    /** [0, 1): which calls go to a canary. */
    private readonly random: () => number = Math.random,
  ) {
    this.liveById = new GenerationalCache(cacheEntries);
    this.versions = new GenerationalCache(cacheEntries);
    functions.onForget((id) => {
      if (id === undefined) {
        this.versions.clear();
        this.liveById.clear();
        return;
      }
      this.versions.delete(id);
      this.liveById.delete(id);
    });
  }

  /**
   * `fn` as the call runs it; `qualifier`: an alias name, a version number or $LATEST. Callers
   * `await` the result either way; a bad qualifier throws (inside their async function, so it
   * rejects their call as before).
   */
  target(fn: FunctionRow, qualifier?: string | null): FunctionRow | Promise<FunctionRow> {
    if (!this.aliases.current) return this.aliases.known(fn.id).then(() => this.resolve(fn, qualifier));
    return this.resolve(fn, qualifier);
  }

  /**
   * The version most unqualified calls run, without a canary's draw: alias `live`'s own
   * version, else the live one. What provisioned containers keep warm.
   */
  async mainTarget(fn: FunctionRow): Promise<FunctionRow> {
    await this.aliases.known(fn.id);
    const live = this.aliases.of(fn.id)?.get(LIVE);
    return live ? this.atVersion(fn, live.version) : this.live(fn);
  }

  /** Versions that aliases send calls to (undefined: none): their warm containers stay. */
  servedVersions(id: string): readonly number[] | undefined {
    return this.aliases.servedVersions(id);
  }

  /**
   * The function's live version, whatever its aliases say: `fn` itself when its newest version
   * is live (every function without a pending build: one comparison), else its live version's
   * settings over it; UNAVAILABLE when no version is live yet (its first build is still
   * running, or failed).
   */
  live(fn: FunctionRow): FunctionRow | Promise<FunctionRow> {
    if (fn.live_version === fn.version) return fn;
    const liveVersion = fn.live_version;
    if (liveVersion === null) {
      return Promise.reject(unavailable(`Function ${fn.name} has no live version yet: its dependencies are being built, or the build failed (see build.log)`, 5));
    }
    let live = this.liveById.get(fn.id);
    if (!live) {
      live = this.functions.versionRow(fn.id, liveVersion).then((v) => {
        if (!v) throw unavailable(`Function ${fn.name} has no live version`, 5);
        return atVersion(fn, v);
      });
      live.catch(() => this.liveById.delete(fn.id));
      this.liveById.set(fn.id, live);
    }
    return live;
  }

  /** `fn` as it runs at `version` (NOT_FOUND when it has none): served from memory after the first call. */
  async atVersion(fn: FunctionRow, version: number): Promise<FunctionRow> {
    if (version === fn.version) return runnable(fn);
    const known = this.versions.get(fn.id)?.get(version);
    if (known) return known;
    const row = await this.functions.versionRow(fn.id, version);
    if (!row) throw notFound(`Version ${version} of the function`);
    const view = runnable(atVersion(fn, row));
    // Cached only while `fn` is still current (an update meanwhile drops the cache: see onForget).
    if (this.functions.isCurrent(fn)) (this.versions.get(fn.id) ?? this.versions.set(fn.id, new Map()).get(fn.id)!).set(version, view);
    return view;
  }

  private resolve(fn: FunctionRow, qualifier?: string | null): FunctionRow | Promise<FunctionRow> {
    const aliases = this.aliases.of(fn.id);
    if (qualifier == null || qualifier === '') {
      const live = aliases?.get(LIVE);
      return live ? this.pick(fn, live) : this.live(fn);
    }
    if (qualifier === LATEST) return this.atVersion(fn, fn.version);
    if (VERSION.test(qualifier)) return this.atVersion(fn, Number(qualifier));
    if (!ALIAS_NAME.test(qualifier)) throw badInput('qualifier must be an alias name, a version number or $LATEST');
    const alias = aliases?.get(qualifier);
    if (!alias) throw notFound(`Alias "${qualifier}"`);
    return this.pick(fn, alias);
  }

  private pick(fn: FunctionRow, alias: AliasRow): Promise<FunctionRow> {
    const canary = alias.canary_version !== null && alias.canary_weight !== null && this.random() < alias.canary_weight;
    return this.atVersion(fn, canary ? alias.canary_version! : alias.version);
  }
}

/** `fn` at a version whose dependencies are built (or that has none); UNAVAILABLE otherwise. */
function runnable(fn: FunctionRow): FunctionRow {
  if (fn.build_id !== null && fn.deps_digest === null) {
    throw unavailable(`Version ${fn.version} of ${fn.name} has no built dependencies: its build is pending or FAILED (see build.log)`, 5);
  }
  return fn;
}
