import type { EventBus } from '../events/event.bus.js';
import type { AliasRepository } from './alias.repository.js';
import type { AliasRow } from './alias.table.js';

interface Served {
  aliases: Map<string, AliasRow>;
  /** Every version an alias sends calls to. */
  versions: readonly number[];
}

/**
 * Every alias, held in memory: read once at start, so the version router
 * (functions/version.router.ts) answers a call with a Map lookup and never a read; a function
 * without aliases is simply absent. A function's aliases are read again when it changes (an
 * alias change is one), here or on another node (the bus); calls wait for that read.
 */
export class AliasCache {
  /** Functions with at least one alias. */
  private readonly byFunction = new Map<string, Served>();
  /** Reads of one function's aliases in flight (the latest one counts). */
  private readonly reloading = new Map<string, Promise<void>>();
  /** The read of every alias (at start, and again after it failed); undefined once done. */
  private loadingAll: Promise<void> | undefined;
  private loadedAll = false;
  /** Functions whose last read failed: the next call reads them again. */
  private readonly unknown = new Set<string>();
  /** Functions forgotten while every alias is read: their own read is newer than that one. */
  private readonly changedDuringLoad = new Set<string>();

  constructor(
    private readonly repository: AliasRepository,
    events: EventBus,
  ) {
    events.listen('function', ({ function: row }) => this.forget(row.id));
    this.loadingAll = this.loadAll();
  }

  /** Whether everything held is current (the usual case): then `of` may be read synchronously. */
  get current(): boolean {
    return this.loadedAll && this.reloading.size === 0 && this.unknown.size === 0;
  }

  /** The function's aliases by name (undefined: none), from memory: current once `known` resolved. */
  of(id: string): ReadonlyMap<string, AliasRow> | undefined {
    return this.byFunction.get(id)?.aliases;
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
    if (this.loadingAll) this.changedDuringLoad.add(id);
  }

  /**
   * Reads every alias again: changes may have been missed (the bus was away). Calls wait for
   * the read (`current` is false until it is done), as they do at start.
   */
  forgetAll(): void {
    this.loadedAll = false;
    this.changedDuringLoad.clear();
    this.loadingAll = this.loadAll();
  }

  /** Waits until what is held for the function is current (reading it again if a read failed). */
  async known(id: string): Promise<void> {
    if (!this.loadedAll) await (this.loadingAll ??= this.loadAll());
    if (this.unknown.has(id)) this.forget(id);
    await this.reloading.get(id);
  }

  /** Reads every alias; after a failure, the next call that needs them reads them again. */
  private loadAll(): Promise<void> {
    const read: Promise<void> = this.repository.listAll().then(
      (rows) => {
        if (this.loadingAll !== read) return; // a later read of everything is under way
        const byId = new Map<string, AliasRow[]>();
        for (const row of rows) (byId.get(row.function_id) ?? byId.set(row.function_id, []).get(row.function_id)!).push(row);
        // A function changed during the read is read again by its own (later) reload.
        const newer = (id: string) => this.reloading.has(id) || this.changedDuringLoad.has(id);
        for (const [id, own] of byId) if (!newer(id)) this.remember(id, own);
        // Read again after a disconnect: functions whose aliases were all removed meanwhile.
        for (const id of this.byFunction.keys()) if (!byId.has(id) && !newer(id)) this.byFunction.delete(id);
        this.changedDuringLoad.clear();
        this.loadedAll = true;
        this.loadingAll = undefined;
      },
      (error: unknown) => {
        if (this.loadingAll === read) this.loadingAll = undefined;
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
