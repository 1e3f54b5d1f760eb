import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../db/database.js';
import type { InvocationStatus, InvocationTrigger } from './invocation.table.js';

/** What the invocation search narrows by; every field optional, all of them combine (AND). */
export interface InvocationFilter {
  statuses?: InvocationStatus[];
  triggers?: InvocationTrigger[];
  version?: number;
  /** queued_at at or after this (ms). */
  from?: number;
  /** queued_at before this (ms). */
  to?: number;
  /** Case-insensitive substring of the logs or the error. */
  text?: string;
}

/**
 * Rows a text search reads per page at most. Text cannot use an index, so a search that
 * matches little would otherwise read a function's whole history for one page: instead each
 * page reads this many of the newest candidates (the other filters use indexes) and, when
 * they hold too few matches, says where it stopped so the next page carries on from there.
 */
export const TEXT_SCAN_ROWS = 10_000;

/** A LIKE pattern matching `text` anywhere, its %, _ and \ taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type Eb = ExpressionBuilder<Database, 'invocations'>;

/** The filter's conditions apart from text, which the repository applies inside its scan window. */
export function indexedConditions(eb: Eb, filter: InvocationFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.statuses?.length) conditions.push(eb('status', 'in', filter.statuses));
  if (filter.triggers?.length) conditions.push(eb('trigger', 'in', filter.triggers));
  if (filter.version != null) conditions.push(eb('function_version', '=', filter.version));
  if (filter.from != null) conditions.push(eb('queued_at', '>=', filter.from));
  if (filter.to != null) conditions.push(eb('queued_at', '<', filter.to));
  return conditions;
}

/**
 * lower() on both sides and LIKE with an explicit escape: the same meaning on SQLite (whose
 * LIKE alone ignores ASCII case only) and PostgreSQL (whose LIKE alone is case-sensitive).
 */
export function textCondition(text: string): Expression<SqlBool> {
  const pattern = containsPattern(text);
  return sql<SqlBool>`(lower(logs) like ${pattern} escape '\\' or lower(coalesce(error, '')) like ${pattern} escape '\\')`;
}
