import type pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database, Db } from './database.js';

/**
 * `pg` returns int8 (bigint columns, count(*)) and numeric (sum of bigints) as strings, to
 * lose nothing past 2^53. Every such value fnbox stores is an epoch millisecond or a count,
 * far below that, and the code above reads numbers, as SQLite gives them. A value that would
 * not be exact stays a string, so a wrong number is never read silently. On this pool only:
 * the global parsers of `pg` are left alone.
 */
const parseInt8 = (text: string): number | string => {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
};

const typesOf = ({ types }: typeof pg) =>
  ({
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === types.builtins.INT8) return parseInt8;
      if (oid === types.builtins.NUMERIC) return Number;
      return types.getTypeParser(oid, format);
    },
  }) as pg.CustomTypesConfig;

/** Connections per node; the work per call is a few short statements, batched. */
const POOL_SIZE = 10;

/** Loaded only here: an embedded (SQLite) server never loads `pg` (~15 MB resident, measured). */
export async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types: typesOf(pg) });
  // An idle connection the server drops (restart, failover) must not crash the process: the
  // pool replaces it, and the next query reports the outage to its caller.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The URL without its password, for logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
