import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Versions, aliases, canaries and rollback, end to end on the real engine: which version each
// call runs (unqualified, by alias, by number, through the route and async), the share a
// canary gets, and a rollback that restores the bundle and env and moves `live`.

let server: TestServer;
let alice: Awaited<ReturnType<TestServer['signUp']>>;
let bob: Awaited<ReturnType<TestServer['signUp']>>;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id version } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id version } }';
const INVOKE = 'mutation($id: ID!, $q: String, $in: JSON) { invokeFunction(id: $id, qualifier: $q, input: $in) { id status result error functionVersion coldStart } }';
const SET = 'mutation($f: ID!, $n: String!, $v: Int!, $c: CanaryInput) { setAlias(functionId: $f, name: $n, version: $v, canary: $c) { name version canary { version weight } } }';
const ROLLBACK = 'mutation($id: ID!, $v: Int!) { rollbackFunction(id: $id, version: $v) { version bundleSha256 env aliases { name version canary { version } } } }';
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

// Each version says which it is (its code) and what env it got.
const NODE = (tag: string) => `exports.handler = async () => ({ tag: ${JSON.stringify(tag)}, env: process.env.STAGE ?? null });`;

async function ok<T = any>(query: string, variables: Record<string, unknown>, token = alice.token): Promise<T> {
  const res = await server.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}
const invoke = async (id: string, qualifier?: string) => (await ok<{ invokeFunction: any }>(INVOKE, { id, q: qualifier ?? null })).invokeFunction;

/** A function with versions 1 (tag one, STAGE=a) and 2 (tag two, STAGE=b). */
async function twoVersions(name: string, route?: string): Promise<string> {
  const { createFunction } = await ok(CREATE, { i: { name, runtime: 'NODE', code: NODE('one'), env: { STAGE: 'a' }, route, access: route ? 'PUBLIC' : undefined } });
  const { updateFunction } = await ok(UPDATE, { id: createFunction.id, i: { code: NODE('two'), env: { STAGE: 'b' } } });
  expect(updateFunction.version).toBe(2);
  return createFunction.id;
}

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
});
afterAll(async () => {
  await server?.close();
});

describe('aliases', () => {
  it('unqualified calls run `live` when it exists (GraphQL, route, async), else the newest version; a qualifier names an alias or a version', async () => {
    const route = `/alias-${process.pid}-${Date.now()}`;
    const id = await twoVersions('routed', route);
    expect(await invoke(id)).toMatchObject({ status: 'SUCCESS', functionVersion: 2, result: { tag: 'two', env: 'b' } });

    expect((await ok(SET, { f: id, n: 'live', v: 1 })).setAlias).toEqual({ name: 'live', version: 1, canary: null });
    expect(await invoke(id)).toMatchObject({ functionVersion: 1, result: { tag: 'one', env: 'a' } });
    const viaRoute = await server.http('GET', `/fn${route}`);
    expect(viaRoute.body).toEqual({ tag: 'one', env: 'a' });
    const async = await ok(`mutation($id: ID!) { invokeFunctionAsync(id: $id) { id } }`, { id });
    let finished: any;
    for (let i = 0; i < 200 && finished?.status !== 'SUCCESS'; i++) {
      finished = (await ok(`query($id: ID!) { invocation(id: $id) { status functionVersion result } }`, { id: async.invokeFunctionAsync.id })).invocation;
      if (finished?.status !== 'SUCCESS') await new Promise((r) => setTimeout(r, 100));
    }
    expect(finished).toMatchObject({ status: 'SUCCESS', functionVersion: 1, result: { tag: 'one' } });

    expect(await invoke(id, '2')).toMatchObject({ functionVersion: 2, result: { tag: 'two', env: 'b' } });
    const seed = await server.http('POST', `/api/v1/execute/${id}?qualifier=2`, { token: alice.token, body: {} });
    expect(seed.body).toMatchObject({ status: 'success', output: { tag: 'two', env: 'b' } });
    expect((await server.http('POST', `/api/v1/execute/${id}`, { token: alice.token, body: {} })).body.output).toEqual({ tag: 'one', env: 'a' });
    expect(await invoke(id, '$LATEST')).toMatchObject({ functionVersion: 2 });
    expect(await invoke(id, 'live')).toMatchObject({ functionVersion: 1 });
    await ok(SET, { f: id, n: 'beta', v: 2 });
    expect(await invoke(id, 'beta')).toMatchObject({ functionVersion: 2 });
    expect(code(await server.gql(INVOKE, { id, q: 'nope' }, alice.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(INVOKE, { id, q: '9' }, alice.token))).toBe('NOT_FOUND');

    // A new version does not go live by itself: `live` stays where it was put, its containers warm.
    await ok(UPDATE, { id, i: { code: NODE('three') } });
    expect(await invoke(id)).toMatchObject({ functionVersion: 1, coldStart: false });
    // Deleting `live` sends unqualified calls to the newest version again.
    expect((await ok(`mutation($f: ID!) { deleteAlias(functionId: $f, name: "live") }`, { f: id })).deleteAlias).toBe(true);
    expect(await invoke(id)).toMatchObject({ functionVersion: 3, result: { tag: 'three' } });
    const listed = await ok(`query($id: ID!) { function(id: $id) { aliases { name version } } }`, { id });
    expect(listed.function.aliases).toEqual([{ name: 'beta', version: 2 }]);
  }, 120_000);

  it('refuse bad aliases, and are the owner’s only', async () => {
    const id = await twoVersions('checked');
    expect(code(await server.gql(SET, { f: id, n: 'live', v: 7 }, alice.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(SET, { f: id, n: '12', v: 1 }, alice.token))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(SET, { f: id, n: 'has space', v: 1 }, alice.token))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(SET, { f: id, n: 'live', v: 1, c: { version: 2, weight: 1.5 } }, alice.token))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(SET, { f: id, n: 'live', v: 1, c: { version: 1, weight: 0.5 } }, alice.token))).toBe('BAD_USER_INPUT');
    expect(code(await server.gql(SET, { f: id, n: 'live', v: 1, c: { version: 5, weight: 0.5 } }, alice.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(SET, { f: id, n: 'live', v: 1 }, bob.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(ROLLBACK, { id, v: 1 }, bob.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(INVOKE, { id, q: '1' }, bob.token))).toBe('NOT_FOUND');
  });
});

describe('a server starting on the same store', () => {
  it('knows every alias from the start: unqualified calls run `live` at once', async () => {
    const id = await twoVersions('restarted');
    await ok(SET, { f: id, n: 'live', v: 1 });
    const { dataDir, databaseUrl } = server.app.services.config;
    const second = await startTestServer({ dataDir, databaseUrl });
    try {
      const call = await second.gql(INVOKE, { id, q: null }, alice.token);
      expect(call.errors).toBeUndefined();
      expect(call.data.invokeFunction).toMatchObject({ functionVersion: 1, result: { tag: 'one', env: 'a' } });
    } finally {
      await second.app.close(); // not close(): that would remove the store the first server still uses
    }
  }, 120_000);
});

describe('canary', () => {
  it('sends its share of a few hundred calls to the canary version (within statistical bounds), keeping both versions warm', async () => {
    const id = await twoVersions('canary');
    const canary = await ok(SET, { f: id, n: 'live', v: 1, c: { version: 2, weight: 0.3 } });
    expect(canary.setAlias).toEqual({ name: 'live', version: 1, canary: { version: 2, weight: 0.3 } });
    const calls = 300;
    const ran = { 1: 0, 2: 0 } as Record<number, number>;
    let cold = 0;
    for (let i = 0; i < calls; i++) {
      const call = await invoke(id);
      expect(call.status).toBe('SUCCESS');
      // The result is the version's own: its code and env, never the other's.
      expect(call.result).toEqual(call.functionVersion === 2 ? { tag: 'two', env: 'b' } : { tag: 'one', env: 'a' });
      ran[call.functionVersion]!++;
      if (call.coldStart) cold++;
    }
    // Binomial(300, 0.3): mean 90, sd 7.9; +-5 sd fails once in millions of runs.
    expect(ran[2]).toBeGreaterThan(90 - 40);
    expect(ran[2]).toBeLessThan(90 + 40);
    expect(ran[1]! + ran[2]!).toBe(calls);
    // Switching between the versions keeps each one's warm container: one cold start each.
    expect(cold).toBeLessThanOrEqual(2);

    // Each call records the version it ran.
    const page = await ok(`query($id: ID!) { invocations(functionId: $id, first: 100) { edges { node { functionVersion } } } }`, { id });
    const versions = new Set(page.invocations.edges.map((e: any) => e.node.functionVersion));
    expect(versions).toEqual(new Set([1, 2]));

    // A move without a canary ends it.
    expect((await ok(SET, { f: id, n: 'live', v: 2 })).setAlias.canary).toBeNull();
    for (let i = 0; i < 20; i++) expect((await invoke(id)).functionVersion).toBe(2);
  }, 180_000);
});

describe('rollbackFunction', () => {
  it('makes a new version equal to the old one (bundle and env) and moves `live` to it, ending its canary', async () => {
    const files = (tag: string) => [
      { path: 'index.js', content: `const { word } = require('./lib/word.js');\nexports.handler = async () => ({ tag: word, env: process.env.STAGE });\n` },
      { path: 'lib/word.js', content: `exports.word = ${JSON.stringify(tag)};\n` },
    ];
    const created = await ok(CREATE, { i: { name: 'bundled', runtime: 'NODE', files: files('one'), env: { STAGE: 'a' } } });
    const id = created.createFunction.id;
    const v1 = await ok(`query($id: ID!) { function(id: $id) { bundleSha256 } }`, { id });
    await ok(UPDATE, { id, i: { files: files('two'), env: { STAGE: 'b' }, timeoutMs: 5000 } });
    await ok(SET, { f: id, n: 'live', v: 2, c: { version: 1, weight: 0.5 } });

    const rolled = (await ok(ROLLBACK, { id, v: 1 })).rollbackFunction;
    expect(rolled).toMatchObject({ version: 3, bundleSha256: v1.function.bundleSha256, env: { STAGE: 'a' }, aliases: [{ name: 'live', version: 3, canary: null }] });
    const settings = await ok(`query($id: ID!) { function(id: $id) { timeoutMs versions { version } } }`, { id });
    expect(settings.function.timeoutMs).toBe(30_000);
    expect(settings.function.versions.map((v: any) => v.version)).toEqual([3, 2, 1]);
    for (let i = 0; i < 10; i++) expect(await invoke(id)).toMatchObject({ functionVersion: 3, result: { tag: 'one', env: 'a' } });

    // Without `live`, a rollback is a new version like any other, and unqualified calls run it.
    const plain = await twoVersions('plain');
    expect((await ok(ROLLBACK, { id: plain, v: 1 })).rollbackFunction).toMatchObject({ version: 3, env: { STAGE: 'a' }, aliases: [] });
    expect(await invoke(plain)).toMatchObject({ functionVersion: 3, result: { tag: 'one', env: 'a' } });
    expect(code(await server.gql(ROLLBACK, { id: plain, v: 8 }, alice.token))).toBe('NOT_FOUND');
  }, 120_000);
});
