import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database, Db } from './database.js';

const { builtins } = pg.types;

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

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === builtins.INT8) return parseInt8;
    if (oid === builtins.NUMERIC) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Connections per node; the work per call is a few short statements, batched. */
const POOL_SIZE = 10;

export function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types });
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
