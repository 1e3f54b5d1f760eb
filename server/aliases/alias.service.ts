import { badInput } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import { versionSettings } from '../functions/function.version.js';
import type { Viewer } from '../auth/viewer.js';
import { checkScopedChange } from '../auth/key.scope.js';
import type { VersionRouter } from '../functions/version.router.js';
import type { AliasCache } from './alias.cache.js';
import type { AliasRepository } from './alias.repository.js';
import { ALIAS_NAME, type AliasRow } from './alias.table.js';

export interface CanaryInput {
  version: number;
  /** Share of the alias's calls (0..1) that run `version`. */
  weight: number;
}

/**
 * Aliases and rollbacks. An alias change is a change of its function: it is published as
 * one, so every node's alias cache (and the dashboard) sees it at once.
 */
export class AliasService {
  constructor(
    private readonly repository: AliasRepository,
    private readonly functions: FunctionService,
    private readonly cache: AliasCache,
    private readonly versions: Pick<VersionRouter, 'atVersion'>,
    private readonly events: EventBus,
  ) {}

  async list(viewer: Viewer, functionId: string): Promise<AliasRow[]> {
    return this.repository.list((await this.functions.get(viewer, functionId)).id);
  }

  /** The aliases of a function the caller was already allowed to read. */
  listOf(fn: FunctionRow): Promise<AliasRow[]> {
    return this.repository.list(fn.id);
  }

  /** Points `name` at `version`, with a canary or without one (a move without `canary` ends it). */
  async set(viewer: Viewer, functionId: string, name: string, version: number, canary?: CanaryInput | null): Promise<AliasRow> {
    const fn = await this.functions.get(viewer, functionId);
    if (!ALIAS_NAME.test(name)) throw badInput('alias name must be 1-128 letters, digits, - or _, and not only digits');
    await this.versions.atVersion(fn, version);
    if (canary) {
      if (!Number.isFinite(canary.weight) || canary.weight < 0 || canary.weight > 1) throw badInput('canary weight must be between 0 and 1');
      if (canary.version === version) throw badInput('the canary must be another version than the alias’s');
      await this.versions.atVersion(fn, canary.version);
    }
    const now = Date.now();
    const row = await this.repository.upsert({
      function_id: fn.id,
      name,
      version,
      canary_version: canary ? canary.version : null,
      canary_weight: canary ? canary.weight : null,
      created_at: now,
      updated_at: now,
    });
    this.changed(fn);
    return row;
  }

  async delete(viewer: Viewer, functionId: string, name: string): Promise<boolean> {
    const fn = await this.functions.get(viewer, functionId);
    const deleted = await this.repository.delete(fn.id, name);
    if (deleted) this.changed(fn);
    return deleted;
  }

  /**
   * A new version equal to `version` (its code or bundle, runtime, limits, env, secret names,
   * network), with alias `live`, when it exists, moved to it without a canary: traffic rolls
   * back, not just the code. Name, route, access and async settings stay as they are.
   */
  async rollback(viewer: Viewer, functionId: string, version: number): Promise<FunctionRow> {
    const fn = await this.functions.get(viewer, functionId);
    const old = await this.functions.getVersion(viewer, functionId, version);
    // Its dependency set is reused, never rebuilt: a version whose build never SUCCEEDED cannot come back.
    if (old.build_id !== null && old.deps_digest === null) throw badInput(`Version ${version} has no successful dependency build to roll back to`);
    // A scoped key may not get back a secret the owner has since taken away (its next change could print it).
    await checkScopedChange(viewer, fn, { secrets: JSON.parse(old.secrets) as string[], onSuccessFunctionId: fn.on_success_id, onFailureFunctionId: fn.on_failure_id }, async () => undefined);
    const row = await this.repository.rollback(fn.id, { ...versionSettings(old), version: fn.version + 1, live_version: fn.version + 1, updated_at: Date.now() });
    this.changed(row);
    await this.functions.retireUnserved(fn.id);
    return row;
  }

  /** Forgotten here at once (the bus may take a round trip through Redis), then on every node. */
  private changed(fn: FunctionRow): void {
    this.functions.forget(fn.id);
    this.cache.forget(fn.id);
    this.events.publish('function', { type: 'UPDATED', function: fn });
  }
}
