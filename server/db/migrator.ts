import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.js';
import * as initial from './migrations/2026-11-27T1500-initial.js';
import * as metrics from './migrations/2026-11-27T1600-metrics.js';
import * as seedUsernames from './migrations/2026-11-29T2310-seed-usernames.js';
import * as triggers from './migrations/2026-11-29T2397-triggers.js';

/**
 * Migrations are imported statically (not read from disk) so they work the same under
 * tsx, vitest and a bundle. Names are timestamps; a landed migration is never edited.
 */
const migrations: Record<string, Migration> = {
  '2026-11-27T1500-initial': initial,
  '2026-11-27T1600-metrics': metrics,
  '2026-11-29T2310-seed-usernames': seedUsernames,
  '2026-11-29T2397-triggers': triggers,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}

/** Registers a later migration; used by domains that add tables. */
export function registerMigration(name: string, migration: Migration): void {
  migrations[name] = migration;
}
