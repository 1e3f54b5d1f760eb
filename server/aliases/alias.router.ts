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
  /** Every version an alias sends calls to (undefined: no alias). */
  versions: readonly number[] | undefined;
}

/**
 * Which version a call runs: alias `live` (with its canary) for an unqualified call, else the
 * newest runnable version; or the alias or version the call names. The warm path pays two Map
 * lookups: a function's aliases are read once and kept until the function changes (an alias
 * change is one), here or on another node (the bus).
 */
export class AliasRouter {
  private readonly byFunction = new Map<string, Served>();
  /** Bumped at every change: a load that raced a change is not kept. */
  private generation = 0;

  constructor(
    private readonly repository: AliasRepository,
    private readonly functions: FunctionService,
    events: EventBus,
    /** [0, 1): which calls go to a canary. */
    private readonly random: () => number = Math.random,
  ) {
    events.listen('function', ({ function: row }) => this.forget(row.id));
    functions.keepServing(async (id) => (await this.served(id)).versions);
  }

  /** `fn` as the call runs it; `qualifier`: an alias name, a version number or $LATEST. */
  async target(fn: FunctionRow, qualifier?: string | null): Promise<FunctionRow> {
    const served = this.byFunction.get(fn.id) ?? (await this.served(fn.id));
    if (qualifier == null || qualifier === '') {
      const live = served.aliases.get(LIVE);
      return live ? this.pick(fn, live) : this.functions.newestRunnable(fn);
    }
    if (qualifier === LATEST) return fn;
    if (VERSION.test(qualifier)) return this.functions.atVersion(fn, Number(qualifier));
    if (!ALIAS_NAME.test(qualifier)) throw badInput('qualifier must be an alias name, a version number or $LATEST');
    const alias = served.aliases.get(qualifier);
    if (!alias) throw notFound(`Alias "${qualifier}"`);
    return this.pick(fn, alias);
  }

  /** Drops what it knows of the function's aliases (they changed). */
  forget(id: string): void {
    this.byFunction.delete(id);
    this.generation++;
  }

  /** Versions that aliases send calls to, known without a read once the function was called. */
  servedVersions(id: string): readonly number[] | undefined {
    return this.byFunction.get(id)?.versions;
  }

  private pick(fn: FunctionRow, alias: AliasRow): Promise<FunctionRow> {
    const canary = alias.canary_version !== null && alias.canary_weight !== null && this.random() < alias.canary_weight;
    return this.functions.atVersion(fn, canary ? alias.canary_version! : alias.version);
  }

  private async served(id: string): Promise<Served> {
    const generation = this.generation;
    const rows = await this.repository.list(id);
    const versions = new Set<number>();
    for (const row of rows) {
      versions.add(row.version);
      if (row.canary_version !== null) versions.add(row.canary_version);
    }
    const served: Served = { aliases: new Map(rows.map((r) => [r.name, r])), versions: rows.length ? [...versions] : undefined };
    if (generation === this.generation) this.byFunction.set(id, served);
    return served;
  }
}
