import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { FunctionAliasTable } from '../aliases/alias.table.js';
import type { UserTable } from '../auth/user.table.js';
import type { ApiKeyTable } from '../auth/api-key.table.js';
import type { BuildTable } from '../builds/build.table.js';
import type { BundleTable } from '../bundles/bundle.table.js';
import type { FunctionTable, FunctionVersionTable } from '../functions/function.table.js';
import type { InvocationTable } from '../invocations/invocation.table.js';
import type { MetricRollupTable } from '../metrics/metrics.table.js';
import type { AsyncJobTable } from '../triggers/async.job.table.js';
import type { ScheduleRunTable, ScheduleTable } from '../triggers/schedule.table.js';
import { openPostgres } from './postgres.js';
import type { SecretTable } from '../secrets/secret.table.js';
import type { ClusterKeyFingerprintTable, JobLeaseTable } from '../cluster/cluster.table.js';
import type { MetricFlushTable } from '../metrics/metrics.table.js';
import type { NodeTable } from '../cluster/node.table.js';
import type { UserQuotaTable } from '../quotas/quota.table.js';

/** Every table, keyed by name. Domains declare their own rows in `<entity>.table.ts`. */
export interface Database {
  users: UserTable;
  api_keys: ApiKeyTable;
  functions: FunctionTable;
  function_versions: FunctionVersionTable;
  invocations: InvocationTable;
  metric_rollups: MetricRollupTable;
  async_jobs: AsyncJobTable;
  schedules: ScheduleTable;
  schedule_runs: ScheduleRunTable;
  secrets: SecretTable;
  cluster_key_fingerprints: ClusterKeyFingerprintTable;
  job_leases: JobLeaseTable;
  metric_flushes: MetricFlushTable;
  bundles: BundleTable;
  nodes: NodeTable;
  builds: BuildTable;
  function_aliases: FunctionAliasTable;
  user_quotas: UserQuotaTable;
}

export type Db = Kysely<Database>;

/**
 * The store a node uses: PostgreSQL when `databaseUrl` is set (several nodes share it), else
 * SQLite in the data dir (one node, nothing to run beside it). See server/db/dialect.ts for
 * what repositories and migrations do to work on both.
 */
export async function openStore(config: { dataDir: string; databaseUrl?: string }): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openDatabase(config.dataDir);
}

/** SQLite in `dataDir`. */
export function openDatabase(dataDir: string, fileName = 'fnbox.sqlite'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(path.join(dataDir, fileName));
  // WAL lets readers proceed during the batched invocation writes; NORMAL sync is
  // durable across process crashes (only an OS crash can lose the last commit).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  sqliteHandles.set(db, sqlite);
  return db;
}

const sqliteHandles = new WeakMap<Db, SQLite.Database>();

/**
 * The better-sqlite3 handle under a store openDatabase opened (undefined otherwise: PostgreSQL,
 * a transaction), for the one write too frequent to pay Kysely's per-statement Promises: the
 * batched invocation records. Use it only within `db.connection().execute(...)`, which holds
 * Kysely's one connection, so no Kysely transaction is open on the handle meanwhile.
 */
export function inProcessSqlite(db: Db): SQLite.Database | undefined {
  return sqliteHandles.get(db);
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew; compiling the SQL was a visible slice of each warm
 * invocation's CPU (auth lookup, invocation upserts). Kysely's SQL text is stable per query
 * shape (values are bound parameters), so a small LRU of prepared statements keyed by SQL
 * serves nearly every call. Safe on Kysely's single connection: statements run to completion
 * synchronously (no `.stream()` here, which would hold one open), and SQLite re-prepares a
 * statement itself when the schema changes.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (sql: string): SQLite.Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      cache.delete(sql); // re-inserted below: most recently used last
    } else {
      stmt = sqlite.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  return {
    prepare,
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
