import { badInput, notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { AliasRepository } from './alias.repository.js';
import { LIVE, type AliasRow } from './alias.table.js';

/** Lambda's name for the newest version, whatever the aliases say. */
export const LATEST = '$LATEST';
const VERSION = /^[1-9][0-9]{0,9}$/;
export const ALIAS_NAME = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;

interface Served {
  aliases: Map<string, AliasRow>;
  /** Every version an alias sends calls to. */
  versions: readonly number[];
}

/**
 * Which version a call runs: alias `live` (with its canary) for an unqualified call, else the
 * newest runnable version; or the alias or version the call names. Every alias is held in
 * memory, read once at start, so a call costs a Map lookup and never a read: a function
 * without aliases is simply absent. A function's aliases are read again when it changes (an
 * alias change is one), here or on another node (the bus); calls wait for that read.
 */
export class AliasRouter {
  /** Functions with at least one alias. */
  private readonly byFunction = new Map<string, Served>();
  /** Reads of one function's aliases in flight (the latest one counts). */
  private readonly reloading = new Map<string, Promise<void>>();
  /** The read of every alias (at start, and again after it failed); undefined once done. */
  private loadingAll: Promise<void> | undefined;
  private loadedAll = false;
  /** Functions whose last read failed: the next call reads them again. */
  private readonly unknown = new Set<string>();

  constructor(
    private readonly repository: AliasRepository,
    private readonly functions: FunctionService,
    events: EventBus,
    /** [0, 1): which calls go to a canary. */
    private readonly random: () => number = Math.random,
  ) {
    events.listen('function', ({ function: row }) => this.forget(row.id));
    functions.keepServing(async (id) => {
      await this.known(id);
      return this.byFunction.get(id)?.versions;
    });
    this.loadingAll = this.loadAll();
  }

  /**
   * `fn` as the call runs it; `qualifier`: an alias name, a version number or $LATEST. Once
   * every alias is held (the usual case), an unqualified call is answered synchronously: a
   * warm call pays for no Promise here. Callers `await` the result either way; a bad
   * qualifier throws (inside their async function, so it rejects their call as before).
   */
  target(fn: FunctionRow, qualifier?: string | null): FunctionRow | Promise<FunctionRow> {
    if (!this.loadedAll || this.reloading.size > 0 || this.unknown.size > 0) return this.known(fn.id).then(() => this.resolve(fn, qualifier));
    return this.resolve(fn, qualifier);
  }

  private resolve(fn: FunctionRow, qualifier?: string | null): FunctionRow | Promise<FunctionRow> {
    const served = this.byFunction.get(fn.id);
    if (qualifier == null || qualifier === '') {
      const live = served?.aliases.get(LIVE);
      return live ? this.pick(fn, live) : this.functions.newestRunnable(fn);
    }
    if (qualifier === LATEST) return this.functions.atVersion(fn, fn.version);
    if (VERSION.test(qualifier)) return this.functions.atVersion(fn, Number(qualifier));
    if (!ALIAS_NAME.test(qualifier)) throw badInput('qualifier must be an alias name, a version number or $LATEST');
    const alias = served?.aliases.get(qualifier);
    if (!alias) throw notFound(`Alias "${qualifier}"`);
    return this.pick(fn, alias);
  }

  /**
   * The version most unqualified calls run, without a canary's draw: alias `live`'s own
   * version, else the newest runnable one (a version whose build is pending is not). What
   * provisioned containers keep warm.
   */
  async mainTarget(fn: FunctionRow): Promise<FunctionRow> {
    await this.known(fn.id);
    const live = this.byFunction.get(fn.id)?.aliases.get(LIVE);
    return live ? this.functions.atVersion(fn, live.version) : this.functions.newestRunnable(fn);
  }

  /** Versions that aliases send calls to (undefined: none), from memory. */
  servedVersions(id: string): readonly number[] | undefined {
    return this.byFunction.get(id)?.versions;
  }

  /** The function's aliases changed: reads them again (calls for it wait for the read). */
  forget(id: string): void {
    const read: Promise<void> = this.repository.list(id).then(
      (rows) => {
        if (this.reloading.get(id) !== read) return; // a later read is under way
        this.reloading.delete(id);
        this.remember(id, rows);
      },
      (error: unknown) => {
        if (this.reloading.get(id) === read) this.reloading.delete(id);
        this.unknown.add(id);
        throw error;
      },
    );
    read.catch(() => undefined); // a call waiting for it gets the error; nobody else must
    this.unknown.delete(id);
    this.reloading.set(id, read);
  }

  /** Waits until what is held for the function is current (reading it again if a read failed). */
  private async known(id: string): Promise<void> {
    if (!this.loadedAll) await (this.loadingAll ??= this.loadAll());
    if (this.unknown.has(id)) this.forget(id);
    await this.reloading.get(id);
  }

  private pick(fn: FunctionRow, alias: AliasRow): Promise<FunctionRow> {
    const canary = alias.canary_version !== null && alias.canary_weight !== null && this.random() < alias.canary_weight;
    return this.functions.atVersion(fn, canary ? alias.canary_version! : alias.version);
  }

  /** Reads every alias; after a failure, the next call that needs them reads them again. */
  private loadAll(): Promise<void> {
    const read = this.repository.listAll().then(
      (rows) => {
        const byId = new Map<string, AliasRow[]>();
        for (const row of rows) (byId.get(row.function_id) ?? byId.set(row.function_id, []).get(row.function_id)!).push(row);
        // A function changed during the read is read again by its own (later) reload.
        for (const [id, own] of byId) if (!this.reloading.has(id)) this.remember(id, own);
        this.loadedAll = true;
        this.loadingAll = undefined;
      },
      (error: unknown) => {
        this.loadingAll = undefined;
        throw error;
      },
    );
    read.catch(() => undefined); // a call waiting for it gets the error; nobody else must
    return read;
  }

  private remember(id: string, rows: AliasRow[]): void {
    if (rows.length === 0) {
      this.byFunction.delete(id);
      return;
    }
    const versions = new Set<number>();
    for (const row of rows) {
      versions.add(row.version);
      if (row.canary_version !== null) versions.add(row.canary_version);
    }
    this.byFunction.set(id, { aliases: new Map(rows.map((r) => [r.name, r])), versions: [...versions] });
  }
}
