import crypto from 'node:crypto';
import { badInput, conflict, notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { Executor, FunctionSpec } from '../executor/executor.types.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { FunctionRepository } from './function.repository.js';
import type { FunctionRow, FunctionVersionRow } from './function.table.js';
import { validateCreate, validateUpdate, type FunctionInput, type FunctionSettings } from './function.validation.js';

/**
 * Owns every rule about functions. Reads on the invocation hot path are served from an
 * in-memory copy: this process is the only writer of its database, so invalidating on
 * write keeps it exact.
 */
export class FunctionService {
  private readonly byId = new Map<string, FunctionRow>();
  private routes: Map<string, string> | null = null;

  constructor(
    private readonly functions: FunctionRepository,
    private readonly executor: Pick<Executor, 'retire'>,
    private readonly events: EventBus,
    /** Functions a non-ADMIN may own; 0: no limit. */
    private readonly maxPerUser = 0,
  ) {}

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
    const settings = validateCreate(input);
    await this.checkDestinations(viewer.id, settings);
    const now = Date.now();
    // Counted in the insert's transaction, so concurrent creations cannot overshoot it.
    const limit = isAdmin(viewer) ? 0 : this.maxPerUser;
    const row = await this.guardRoute(() =>
      this.functions.insert({ id: crypto.randomUUID(), owner_id: viewer.id, ...toColumns(settings), version: 1, created_at: now, updated_at: now }, limit),
    );
    if (!row) throw tooManyFunctions(limit);
    this.invalidate(row.id);
    this.events.publish('function', { type: 'CREATED', function: row });
    return row;
  }

  async update(viewer: Viewer, id: string, input: FunctionInput): Promise<FunctionRow> {
    const current = await this.get(viewer, id);
    const settings = validateUpdate(toSettings(current), input);
    await this.checkDestinations(current.owner_id, settings);
    const columns = toColumns(settings);
    const unchanged = (Object.keys(columns) as (keyof typeof columns)[]).every((k) => columns[k] === current[k]);
    if (unchanged) return current;
    const row = await this.guardRoute(() =>
      this.functions.update(id, { ...columns, version: current.version + 1, updated_at: Date.now() }),
    );
    this.invalidate(id);
    await this.executor.retire(id);
    this.events.publish('function', { type: 'UPDATED', function: row });
    return row;
  }

  async delete(viewer: Viewer, id: string): Promise<boolean> {
    const current = await this.get(viewer, id);
    await this.functions.delete(id);
    this.invalidate(id);
    await this.executor.retire(id);
    this.events.publish('function', { type: 'DELETED', function: current });
    return true;
  }

  async getVersion(viewer: Viewer, id: string, version: number): Promise<FunctionVersionRow> {
    await this.get(viewer, id);
    const row = await this.functions.findVersion(id, version);
    if (!row) throw notFound('Function version');
    return row;
  }

  async listVersions(viewer: Viewer, id: string): Promise<FunctionVersionRow[]> {
    await this.get(viewer, id);
    return this.functions.listVersions(id);
  }

  /** Any function by id, without an ownership check: for internal callers only. */
  async find(id: string): Promise<FunctionRow | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await this.functions.findById(id);
    if (row) this.byId.set(id, row);
    return row;
  }

  /**
   * The function whose route is the longest prefix of `path` ("/a/b/c" matches "/a/b"),
   * with the remainder of the path.
   */
  async matchRoute(path: string): Promise<{ fn: FunctionRow; rest: string } | undefined> {
    if (!this.routes) {
      const rows = await this.functions.listRoutes();
      this.routes = new Map(rows.map((r) => [r.route, r.id]));
    }
    for (let prefix = path; prefix.length > 1; prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('/'), 1))) {
      const id = this.routes.get(prefix);
      if (id) {
        const fn = await this.find(id);
        if (fn) return { fn, rest: path.slice(prefix.length) || '/' };
      }
      if (prefix.lastIndexOf('/') <= 0) break;
    }
    return undefined;
  }

  /** Async outcomes go only to the same owner's functions (never another tenant's). */
  private async checkDestinations(ownerId: string, settings: FunctionSettings): Promise<void> {
    for (const [field, id] of [['onSuccessFunctionId', settings.onSuccessFunctionId], ['onFailureFunctionId', settings.onFailureFunctionId]] as const) {
      if (id === null) continue;
      const target = await this.find(id);
      if (!target || target.owner_id !== ownerId) throw badInput(`${field} must be the id of one of the owner's functions`);
    }
  }

  private invalidate(id: string) {
    this.byId.delete(id);
    this.routes = null;
  }

  private async guardRoute<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (String(error).includes('UNIQUE') && String(error).includes('route')) throw conflict('route is already taken by another function');
      throw error;
    }
  }
}

/**
 * BAD_USER_INPUT (400), like Lambda's own quota errors: waiting does not help, so not
 * TOO_MANY_REQUESTS (whose Retry-After would have clients retry in vain), and creating
 * functions is allowed, so not FORBIDDEN; the caller must ask for something else (delete one).
 */
const tooManyFunctions = (limit: number) =>
  badInput(`You already have ${limit} functions, the most one user may have (FNBOX_MAX_FUNCTIONS_PER_USER); delete one to create another`);

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
  };
}

function toSettings(row: FunctionRow): FunctionSettings {
  return {
    name: row.name,
    runtime: row.runtime,
    code: row.code,
    route: row.route,
    timeoutMs: row.timeout_ms,
    memoryMb: row.memory_mb,
    env: JSON.parse(row.env),
    asyncRetries: row.async_retries,
    onSuccessFunctionId: row.on_success_id,
    onFailureFunctionId: row.on_failure_id,
  };
}

function toColumns(s: FunctionSettings) {
  return {
    name: s.name,
    runtime: s.runtime,
    code: s.code,
    route: s.route,
    timeout_ms: s.timeoutMs,
    memory_mb: s.memoryMb,
    env: JSON.stringify(s.env),
    async_retries: s.asyncRetries,
    on_success_id: s.onSuccessFunctionId,
    on_failure_id: s.onFailureFunctionId,
  };
}
