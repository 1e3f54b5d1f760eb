import { sql, type Kysely } from 'kysely';
import { columnType, dialectOf } from '../dialect.js';

/**
 * The landed migrations declared epoch milliseconds and counters `integer` and measured
 * numbers `real`. SQLite stores both at full width whatever the declaration (64-bit integers,
 * 8-byte floats); PostgreSQL takes them literally (32-bit, 4-byte), and a millisecond timestamp
 * does not fit. So on PostgreSQL only, this widens them; on SQLite it changes nothing.
 * New migrations use `columnType` from the start (see server/db/dialect.ts).
 */
const WIDENED: Record<string, { bigint: string[]; float: string[] }> = {
  users: { bigint: ['created_at', 'updated_at'], float: [] },
  api_keys: { bigint: ['created_at', 'last_used_at', 'revoked_at'], float: [] },
  functions: { bigint: ['created_at', 'updated_at'], float: [] },
  function_versions: { bigint: ['created_at'], float: [] },
  invocations: {
    bigint: ['queued_at', 'started_at', 'finished_at'],
    float: ['init_ms', 'duration_ms', 'cpu_ms', 'memory_peak_mb'],
  },
  metric_rollups: {
    bigint: ['bucket_start', 'last_invoked_at', 'invocations', 'successes', 'errors', 'timeouts', 'ooms', 'cold_starts', 'memory_count'],
    float: ['duration_sum_ms', 'duration_min_ms', 'duration_max_ms', 'memory_sum_mb', 'memory_max_mb'],
  },
};

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, { bigint, float }] of Object.entries(WIDENED)) {
    const changes = [
      ...bigint.map((column) => sql`alter column ${sql.ref(column)} type ${sql.raw(columnType.bigint)}`),
      ...float.map((column) => sql`alter column ${sql.ref(column)} type ${sql.raw(columnType.float)}`),
    ];
    // One statement per table: PostgreSQL rewrites the table once.
    await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db);
  }
}

/** Narrowing back could fail on stored values and would lose precision: left wide. */
export async function down(): Promise<void> {}
