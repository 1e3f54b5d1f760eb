import type SQLite from 'better-sqlite3';
import type { InvocationRow } from './invocation.table.js';

// The statements that write invocation records; invocation.repository.ts runs them.

/** Column order of the upsert below; `satisfies` keeps it in step with the table type. */
export const COLUMNS = [
  'id', 'function_id', 'function_version', 'owner_id', 'trigger', 'status', 'input', 'result', 'error', 'logs',
  'logs_truncated', 'cold_start', 'init_ms', 'duration_ms', 'cpu_ms', 'memory_peak_mb', 'queued_at', 'started_at', 'finished_at',
  'attempt', 'first_attempt_id', 'original_trigger', 'dead_lettered', 'node_id', 'parent_invocation_id', 'call_depth',
] as const satisfies readonly (keyof InvocationRow)[];

/**
 * Written once: every invocation is upserted with the same statement, and building it with
 * the query builder per row was a tenth of the server's busy time under load.
 *
 * A row whose function is gone writes nothing (the `where exists`): a function deleted while
 * one of its calls runs takes that call's record with it (the delete cascades), and the
 * call's last snapshot must neither resurrect it nor fail the foreign key, which would roll
 * back every other tenant's rows in the same batch. (The where clause also settles SQLite's
 * insert-select-upsert parsing ambiguity; PostgreSQL reads the same statement, with its
 * placeholders numbered.)
 */
export const UPSERT_SQL =
  `insert into invocations (${COLUMNS.join(', ')}) select ${COLUMNS.map(() => '?').join(', ')} ` +
  `where exists (select 1 from functions where functions.id = ?) ` +
  `on conflict (id) do update set ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * A snapshot of an invocation not in the table yet (the recorder knows): a plain insert. SQLite
 * writes one in half the time of the upsert above (the upsert and the insert-select each take
 * its slower path through the table's nine indexes), and most invocations are written once.
 * The batch checks first that their functions still exist, as the upsert's `where exists` does.
 */
export const INSERT_SQL = `insert into invocations (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;

/**
 * The same for a whole batch on PostgreSQL, in one statement: the rows travel as one JSON
 * array, typed by the table's own row type, instead of a round trip per row (a node
 * records about one invocation per call; the per-row statements were most of its queries).
 * A batch never holds an invocation twice (the recorder keys it by id).
 */
export const UPSERT_BATCH_POSTGRES =
  `insert into invocations (${COLUMNS.join(', ')}) select ${COLUMNS.map((c) => `r.${c}`).join(', ')} ` +
  `from json_populate_recordset(null::invocations, $1::json) r ` +
  `where exists (select 1 from functions where functions.id = r.function_id) ` +
  `on conflict (id) do update set ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * A batch of snapshots in one SQLite transaction, run synchronously on the handle itself:
 * through Kysely each row took a chain of Promises, as much CPU as SQLite's own insert. Rows
 * in `notInTable` take the plain insert unless their function is gone (the upsert's `where
 * exists`, checked once per function); the others the upsert. Statements are prepared on first
 * use (SQLite re-prepares them itself when the schema changes).
 */
export function sqliteBatchWriter(sqlite: SQLite.Database): (rows: InvocationRow[], notInTable?: ReadonlySet<string>) => void {
  let statements: { insert: SQLite.Statement; upsert: SQLite.Statement; functionExists: SQLite.Statement } | undefined;
  const write = (rows: InvocationRow[], notInTable?: ReadonlySet<string>) => {
    statements ??= { insert: sqlite.prepare(INSERT_SQL), upsert: sqlite.prepare(UPSERT_SQL), functionExists: sqlite.prepare('select 1 from functions where id = ?').pluck() };
    const { insert, upsert, functionExists } = statements;
    const exists = new Map<string, boolean>();
    for (const row of rows) {
      const values = COLUMNS.map((column) => row[column]);
      if (!notInTable?.has(row.id)) {
        values.push(row.function_id);
        upsert.run(values);
        continue;
      }
      let live = exists.get(row.function_id);
      if (live === undefined) exists.set(row.function_id, (live = functionExists.get(row.function_id) !== undefined));
      if (live) insert.run(values);
    }
  };
  return sqlite.transaction(write);
}
