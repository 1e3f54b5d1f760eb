import crypto from 'node:crypto';
import { badInput } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { QuotaColumns, QuotaRepository } from './quota.repository.js';
import type { UserQuotaRow } from './quota.table.js';

/** What one user may hold. `maxFunctions` and `maxQueuedBytes` of 0 mean no limit, as in the config. */
export interface Quota {
  /** Functions the user may own (ADMINs are not limited). */
  maxFunctions: number;
  /** Containers the user's functions may hold at once: their concurrent executions, warm ones included. */
  maxConcurrency: number;
  /** Bytes of invocation input accepted but not yet running. */
  maxQueuedBytes: number;
  /** Containers the user's functions may keep warm (provisioned concurrency), in all. */
  maxProvisioned: number;
}

/** An ADMIN's change: a number sets the quota, null returns it to the platform default, absent leaves it. */
export type QuotaInput = { [K in keyof Quota]?: number | null };

export interface QuotaEventPayload {
  userId: string;
  /** The user's custom quotas after the change; null: all defaults. */
  row: UserQuotaRow | null;
  origin: string;
}

const FIELDS: Record<keyof Quota, keyof QuotaColumns> = {
  maxFunctions: 'max_functions',
  maxConcurrency: 'max_concurrency',
  maxQueuedBytes: 'max_queued_bytes',
  maxProvisioned: 'max_provisioned',
};
/** The least each quota may be set to: a user must be able to run at least one call. */
const MINIMUM: Record<keyof Quota, number> = { maxFunctions: 0, maxConcurrency: 1, maxQueuedBytes: 0, maxProvisioned: 0 };

/**
 * Per-user quotas: the platform defaults (server/config.ts) unless an ADMIN set others.
 * Read synchronously on the invocation path (queue budget, container share), so every custom
 * row is held in memory: loaded once at start, changed here and on the other nodes through
 * the event bus, so a change takes effect at once everywhere.
 */
export class QuotaService {
  private readonly custom = new Map<string, UserQuotaRow>();
  /** Tells this server's own changes apart when the bus hands them back. */
  private readonly origin = crypto.randomUUID();
  private readonly listeners = new Set<(userId: string) => void>();
  /** Users whose quotas changed while `reload` reads them all. */
  private changedDuringReload: Set<string> | undefined;

  constructor(
    private readonly quotas: QuotaRepository,
    private readonly events: EventBus,
    readonly defaults: Quota,
  ) {
    events.listen('quota', ({ userId, row, origin }) => {
      if (origin !== this.origin) this.apply(userId, row);
    });
  }

  async load(): Promise<void> {
    for (const row of await this.quotas.list()) this.custom.set(row.user_id, row);
  }

  /**
   * Reads every custom quota again: changes may have been missed (the bus was away). Users
   * whose row is gone return to the defaults; listeners hear of every user that had or has one.
   */
  async reload(): Promise<void> {
    const changed = new Set<string>();
    this.changedDuringReload = changed;
    try {
      const rows = new Map((await this.quotas.list()).map((row) => [row.user_id, row] as const));
      // A change heard or made during the read is newer than what it returned.
      for (const userId of new Set([...this.custom.keys(), ...rows.keys()])) if (!changed.has(userId)) this.apply(userId, rows.get(userId) ?? null);
    } finally {
      if (this.changedDuringReload === changed) this.changedDuringReload = undefined;
    }
  }

  /** The user's quotas now (no I/O). */
  of(userId: string): Quota {
    const row = this.custom.get(userId);
    if (!row) return this.defaults;
    const quota = { ...this.defaults };
    for (const [field, column] of Object.entries(FIELDS) as [keyof Quota, keyof QuotaColumns][]) {
      const value = row[column];
      if (value !== null && value !== undefined) quota[field] = Number(value);
    }
    return quota;
  }

  /** Whether the user has any quota of their own (else every one is the default). */
  isCustom(userId: string, field?: keyof Quota): boolean {
    const row = this.custom.get(userId);
    return !!row && (field === undefined || row[FIELDS[field]] !== null);
  }

  /** Called with the user's id whenever their quotas change, here or on another node. */
  onChange(listener: (userId: string) => void): void {
    this.listeners.add(listener);
  }

  async set(userId: string, input: QuotaInput): Promise<Quota> {
    const current = this.custom.get(userId);
    const columns: QuotaColumns = {
      max_functions: current?.max_functions ?? null,
      max_concurrency: current?.max_concurrency ?? null,
      max_queued_bytes: current?.max_queued_bytes ?? null,
      max_provisioned: current?.max_provisioned ?? null,
    };
    for (const [field, column] of Object.entries(FIELDS) as [keyof Quota, keyof QuotaColumns][]) {
      const value = input[field];
      if (value === undefined) continue;
      if (value !== null && (!Number.isSafeInteger(value) || value < MINIMUM[field])) {
        throw badInput(`${field} must be a whole number of at least ${MINIMUM[field]} (or null for the platform default)`);
      }
      columns[column] = value;
    }
    const allDefault = Object.values(columns).every((v) => v === null);
    let row: UserQuotaRow | null = null;
    if (allDefault) await this.quotas.remove(userId);
    else row = await this.quotas.upsert(userId, columns);
    this.apply(userId, row);
    this.events.publish('quota', { userId, row, origin: this.origin });
    return this.of(userId);
  }

  private apply(userId: string, row: UserQuotaRow | null) {
    this.changedDuringReload?.add(userId);
    if (row) this.custom.set(userId, row);
    else this.custom.delete(userId);
    for (const listener of this.listeners) listener(userId);
  }
}
