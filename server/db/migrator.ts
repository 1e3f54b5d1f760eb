import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as initial from './migrations/2026-11-27T1500-initial.js';
import * as metrics from './migrations/2026-11-27T1600-metrics.js';
import * as seedUsernames from './migrations/2026-11-29T2310-seed-usernames.js';
import * as bundles from './migrations/2026-11-29T2370-bundles.js';
import * as routeAccess from './migrations/2026-11-29T2380-io-route-access.js';
import * as secrets from './migrations/2026-11-29T2390-secrets.js';
import * as egress from './migrations/2026-11-29T2395-egress.js';
import * as pgWideColumns from './migrations/2026-11-29T2396-pg-wide-columns.js';
import * as invocationSearch from './migrations/2026-11-29T2398-dash-invocation-search.js';
import * as triggers from './migrations/2026-11-29T2399-triggers.js';
import * as functionNames from './migrations/2026-11-30T0100-function-names.js';
import * as aliases from './migrations/2026-11-30T0110-aliases.js';
import * as scopedKeys from './migrations/2026-11-30T0600-scoped-keys.js';
import { withMigrationNotices, type MigrationNotice } from './migration.notices.js';
import * as builds from './migrations/2026-11-30T0200-builds.js';
import * as clusterNodes from './migrations/2026-11-30T0300-cluster-nodes.js';
import * as sharedState from './migrations/2026-11-30T0400-shared-state.js';
import * as quotas from './migrations/2026-11-30T0800-quotas.js';
import * as functionCalls from './migrations/2026-11-30T0900-function-calls.js';
import * as dependencyContent from './migrations/2026-11-30T1000-dependency-content.js';
import * as buildQueueTurns from './migrations/2026-11-30T1200-build-queue-turns.js';
import * as invocationPartialIndexes from './migrations/2026-12-02T0300-invocation-partial-indexes.js';

/**
 * Migrations are imported statically (not read from disk) so they work the same under
 * tsx, vitest and a bundle. Names are timestamps; a landed migration is never edited.
 * Every migration runs on SQLite and on PostgreSQL: see the rules in ./dialect.ts. On
 * PostgreSQL, Kysely's Migrator holds an advisory lock while it migrates, so nodes starting
 * at once migrate one after the other (tests/db/migrator.test.ts races three).
 */
const migrations: Record<string, Migration> = {
  '2026-11-27T1500-initial': initial,
  '2026-11-27T1600-metrics': metrics,
  '2026-11-29T2310-seed-usernames': seedUsernames,
  '2026-11-29T2370-bundles': bundles,
  '2026-11-29T2380-io-route-access': routeAccess,
  '2026-11-29T2390-secrets': secrets,
  '2026-11-29T2395-egress': egress,
  '2026-11-29T2396-pg-wide-columns': pgWideColumns,
  '2026-11-29T2398-dash-invocation-search': invocationSearch,
  '2026-11-29T2399-triggers': triggers,
  '2026-11-30T0100-function-names': functionNames,
  '2026-11-30T0110-aliases': aliases,
  '2026-11-30T0200-builds': builds,
  '2026-11-30T0300-cluster-nodes': clusterNodes,
  '2026-11-30T0400-shared-state': sharedState,
  '2026-11-30T0600-scoped-keys': scopedKeys,
  '2026-11-30T0800-quotas': quotas,
  '2026-11-30T0900-function-calls': functionCalls,
  '2026-11-30T1000-dependency-content': dependencyContent,
  '2026-11-30T1200-build-queue-turns': buildQueueTurns,
  '2026-12-02T0300-invocation-partial-indexes': invocationPartialIndexes,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** `notice`: where migrations report what they changed in the data (renames), e.g. the logger. */
export async function migrateToLatest(db: Db, notice?: MigrationNotice): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await withMigrationNotices(notice, () => migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}

/** Migrates up to and including `name`: tests seed the data of an older release with it. */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: new StaticMigrationProvider() }).migrateTo(name);
  if (error) throw new Error(`Database migration to ${name} failed: ${String(error)}`);
}

/** Registers a later migration; used by domains that add tables. */
export function registerMigration(name: string, migration: Migration): void {
  migrations[name] = migration;
}
