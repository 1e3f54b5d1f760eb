/**
 * Invocation search on a generated database (issue 18 item 4): how long one page of
 * `invocations(filter:)` takes at the repository (the SQL the GraphQL resolver runs), on a
 * million rows (smoke mode: 10k). Runs in the bench process on its own temp database; no server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import type { InvocationPageQuery } from '../../server/invocations/invocation.repository.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import { summariseRounds, type LatencySummary } from './stats.js';

export interface SearchCase {
  name: string;
  summary: LatencySummary;
  /** Rows the page returned (of the 20 asked). */
  found: number;
}

const OWNERS = 10;
const FUNCTIONS_PER_OWNER = 10;
const STATUSES = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'ERROR'];
const TRIGGERS = ['HTTP', 'GRAPHQL', 'API', 'GRAPHQL_ASYNC'];

/** Writes `total` invocations spread over 100 functions of 10 owners, one a second apart. */
export async function generate(dataDir: string, total: number): Promise<{ owner: string; fn: string; start: number; end: number }> {
  const db = openDatabase(dataDir);
  await migrateToLatest(db);
  await db.destroy();
  // Bulk rows through one prepared statement in one transaction: generating the data set is
  // not what is measured, and a million Kysely upserts would take minutes.
  const sqlite = new SQLite(path.join(dataDir, 'fnbox.sqlite'));
  const now = Date.now();
  const start = now - total * 1000;
  sqlite.transaction(() => {
    const user = sqlite.prepare(`insert into users (id, email, password_hash, role, created_at, updated_at) values (?, ?, 'x', 'USER', ?, ?)`);
    const fn = sqlite.prepare(`insert into functions (id, owner_id, name, runtime, code, timeout_ms, memory_mb, version, created_at, updated_at) values (?, ?, ?, 'PYTHON', 'x', 30000, 128, 3, ?, ?)`);
    for (let o = 0; o < OWNERS; o++) {
      user.run(`u${o}`, `u${o}@bench.test`, now, now);
      for (let f = 0; f < FUNCTIONS_PER_OWNER; f++) fn.run(`f${o}-${f}`, `u${o}`, `fn${f}`, now, now);
    }
    const insert = sqlite.prepare(
      `insert into invocations (id, function_id, function_version, owner_id, trigger, status, input, result, error, logs, duration_ms, queued_at, started_at, finished_at) values (?, ?, ?, ?, ?, ?, '{}', '{"ok":true}', ?, ?, 12.5, ?, ?, ?)`,
    );
    for (let i = 0; i < total; i++) {
      const o = i % OWNERS;
      const f = Math.floor(i / OWNERS) % FUNCTIONS_PER_OWNER;
      // Spread by i / 100, not i: every owner and function must see every status, trigger and version.
      const spread = Math.floor(i / 100);
      const status = STATUSES[spread % STATUSES.length]!;
      const t = start + i * 1000;
      const logs = `request ${i} from client-${i % 977}: processed ${i % 50} items in ${i % 90} ms\n`;
      insert.run(`i${String(i).padStart(8, '0')}`, `f${o}-${f}`, 1 + (Math.floor(i / 1000) % 3), `u${o}`, TRIGGERS[spread % TRIGGERS.length], status, status === 'ERROR' ? `ValueError: bad item ${spread % 50}` : null, logs, t, t, t + 12);
    }
  })();
  sqlite.close();
  return { owner: 'u3', fn: 'f3-4', start, end: now };
}

export async function benchInvocationSearch(total: number, rounds: number, log: (line: string) => void): Promise<SearchCase[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-bench-search-'));
  try {
    log(`search: generating ${total} invocations`);
    const { owner, fn, start, end } = await generate(dataDir, total);
    const tenth = (end - start) / 10;
    const db = openDatabase(dataDir);
    const repository = new InvocationRepository(db);
    const cases: { name: string; query: InvocationPageQuery }[] = [
      { name: 'one function, newest page, no filter', query: { functionId: fn, limit: 21 } },
      { name: 'one function, status ERROR', query: { functionId: fn, filter: { statuses: ['ERROR'] }, limit: 21 } },
      { name: 'one function, trigger HTTP + version 2', query: { functionId: fn, filter: { triggers: ['HTTP'], version: 2 }, limit: 21 } },
      { name: 'one function, a time range (the middle tenth)', query: { functionId: fn, filter: { from: start + 5 * tenth, to: start + 6 * tenth }, limit: 21 } },
      { name: 'one function, text found often ("client-1")', query: { functionId: fn, filter: { text: 'CLIENT-1' }, limit: 21 } },
      { name: 'one function, text found nowhere (reads the full window)', query: { functionId: fn, filter: { text: 'no such text' }, limit: 21 } },
      { name: "one user's functions, text in errors", query: { ownerId: owner, filter: { text: 'BAD ITEM 9' }, limit: 21 } },
      { name: 'ADMIN, all functions, text found nowhere', query: { filter: { text: 'no such text' }, limit: 21 } },
    ];
    const results: SearchCase[] = [];
    for (const { name, query } of cases) {
      let found = 0;
      const times: number[] = [];
      for (let i = 0; i < rounds + 1; i++) {
        const t0 = performance.now();
        const page = await repository.page(query);
        const ms = performance.now() - t0;
        if (i > 0) times.push(ms); // the first run warms the page cache
        found = Math.min(page.rows.length, 20);
      }
      results.push({ name, summary: summariseRounds([times]), found });
    }
    await db.destroy();
    return results;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
