/**
 * Invocation search over GraphQL (issue 18 item 4): filters by status, trigger, version, time
 * range and case-insensitive text in logs and errors, paginated, and never across owners.
 * Rows are planted through a second connection to the server's database (many rows, exact
 * times); one real call checks that what a function prints is searchable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { InvocationRepository } from '../../server/invocations/invocation.repository.js';
import { TEXT_SCAN_ROWS } from '../../server/invocations/invocation.filter.js';
import { invocationRow } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SEARCH = `query($fn: ID, $filter: InvocationFilter, $first: Int, $after: String) {
  invocations(functionId: $fn, filter: $filter, first: $first, after: $after) {
    edges { node { id status trigger functionVersion logs error } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let server: TestServer;
let db: Db;
let alice: { token: string; id: string };
let bob: { token: string; id: string };
let fnA: string;
let fnB: string;
const T0 = Date.UTC(2026, 10, 1);

async function createFunction(token: string, name: string, code = 'def handler(event, context):\n    return 1\n') {
  const res = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: { name, runtime: 'PYTHON', code } }, token);
  expect(res.errors).toBeUndefined();
  return res.data.createFunction.id as string;
}

async function search(token: string, variables: Record<string, unknown>) {
  const res = await server.gql(SEARCH, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.invocations as { edges: { node: any }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every match, following the cursor page by page. */
async function searchAll(token: string, variables: Record<string, unknown>) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await search(token, { ...variables, after });
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
  throw new Error('search did not end');
}

beforeAll(async () => {
  server = await startTestServer();
  await server.signUp('admin'); // the first account is the ADMIN, who sees everyone's
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
  fnA = await createFunction(alice.token, 'a');
  fnB = await createFunction(bob.token, 'b');
  db = openDatabase(server.dataDir);
  const rows = [];
  // Alice: 30 calls, one a minute; every 5th an ERROR, versions 1 and 2, two triggers.
  for (let i = 0; i < 30; i++) {
    rows.push(
      invocationRow({
        id: `a${String(i).padStart(3, '0')}`,
        function_id: fnA,
        owner_id: alice.id,
        status: i % 5 === 0 ? 'ERROR' : 'SUCCESS',
        error: i % 5 === 0 ? `KeyError: 'Widget_${i}'` : null,
        trigger: i % 2 ? 'HTTP' : 'GRAPHQL',
        function_version: i < 15 ? 1 : 2,
        logs: i === 7 ? 'Processing ORDER 100%_done\n' : `call ${i}\n`,
        queued_at: T0 + i * 60_000,
      }),
    );
  }
  // Bob's logs hold the same words: a search must never show them to Alice.
  rows.push(invocationRow({ id: 'b000', function_id: fnB, owner_id: bob.id, logs: 'order 100%_done widget_0', queued_at: T0 }));
  await new InvocationRepository(db).upsertMany(rows);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await server?.close();
});

describe('invocations(filter:)', () => {
  it('filters by status, trigger and version, newest first', async () => {
    const errors = await search(alice.token, { fn: fnA, filter: { status: ['ERROR'] }, first: 50 });
    expect(errors.edges.map((e) => e.node.id)).toEqual(['a025', 'a020', 'a015', 'a010', 'a005', 'a000']);

    const combined = await search(alice.token, { fn: fnA, filter: { status: ['ERROR', 'TIMEOUT'], trigger: ['HTTP'], version: 2 }, first: 50 });
    expect(combined.edges.map((e) => e.node.id)).toEqual(['a025', 'a015']);
  });

  it('filters by time range: from inclusive, to exclusive', async () => {
    const filter = { from: new Date(T0 + 10 * 60_000).toISOString(), to: new Date(T0 + 13 * 60_000).toISOString() };
    const page = await search(alice.token, { fn: fnA, filter, first: 50 });
    expect(page.edges.map((e) => e.node.id)).toEqual(['a012', 'a011', 'a010']);
  });

  it('searches logs and errors case-insensitively, taking % and _ literally', async () => {
    const inError = await search(alice.token, { filter: { text: 'widget_1' }, first: 50 });
    expect(inError.edges.map((e) => e.node.id)).toEqual(['a015', 'a010']);

    const inLogs = await search(alice.token, { filter: { text: 'order 100%_DONE' }, first: 50 });
    expect(inLogs.edges.map((e) => e.node.id)).toEqual(['a007']);

    // "%" and "_" are not wildcards: "1_0" must not match "100".
    expect((await search(alice.token, { filter: { text: '1_0' }, first: 50 })).edges).toEqual([]);
  });

  it("never returns another owner's invocations", async () => {
    const ids = await searchAll(alice.token, { filter: { text: 'order' }, first: 10 });
    expect(ids).toEqual(['a007']);
    const bobs = await searchAll(bob.token, { filter: { text: 'WIDGET' }, first: 10 });
    expect(bobs).toEqual(['b000']);
    const foreign = await server.gql(SEARCH, { fn: fnB, filter: { text: 'order' } }, alice.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through filtered results with the cursor', async () => {
    const first = await search(alice.token, { fn: fnA, filter: { status: ['SUCCESS'] }, first: 10 });
    expect(first.edges).toHaveLength(10);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const all = await searchAll(alice.token, { fn: fnA, filter: { status: ['SUCCESS'] }, first: 10 });
    expect(all).toHaveLength(24);
    expect(new Set(all).size).toBe(24);
  });

  it('a text search reads a bounded window per page and carries on from where it stopped', async () => {
    // A rare match behind more than one window of non-matching rows: the first page comes back
    // short (perhaps empty) but says there is more, and following the cursor finds it.
    const fnC = await createFunction(alice.token, 'c');
    const rows = [];
    for (let i = 0; i < TEXT_SCAN_ROWS + 50; i++) {
      rows.push(invocationRow({ id: `c${String(i).padStart(6, '0')}`, function_id: fnC, owner_id: alice.id, logs: 'noise', queued_at: T0 + i }));
    }
    rows[10].logs = 'the needle';
    await new InvocationRepository(db).upsertMany(rows);
    const first = await search(alice.token, { fn: fnC, filter: { text: 'NEEDLE' }, first: 5 });
    expect(first.edges).toEqual([]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(await searchAll(alice.token, { fn: fnC, filter: { text: 'needle' }, first: 5 })).toEqual(['c000010']);
  });

  it('finds what a real call printed', async () => {
    const fn = await createFunction(alice.token, 'printer', 'def handler(event, context):\n    print("Marker-" + event["tag"])\n    return 1\n');
    const run = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id, input: {tag: "Zebra"}) { status } }`, { id: fn }, alice.token);
    expect(run.data.invokeFunction.status).toBe('SUCCESS');
    const found = await search(alice.token, { filter: { text: 'marker-zebra', trigger: ['GRAPHQL'] }, first: 5 });
    expect(found.edges.map((e) => e.node.logs.trim())).toEqual(['Marker-Zebra']);
  }, 120_000);

  it('refuses an over-long search text', async () => {
    const res = await server.gql(SEARCH, { filter: { text: 'x'.repeat(201) } }, alice.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
