import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let owner: Awaited<ReturnType<TestServer['signUp']>>;
let stranger: Awaited<ReturnType<TestServer['signUp']>>;
let admin: Awaited<ReturnType<TestServer['signUp']>>;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id name runtime route timeoutMs memoryMb version env } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id name route timeoutMs memoryMb version code env } }';
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
let routeCounter = 0;
const uniqueRoute = () => `/t${process.pid}-${Date.now()}-${++routeCounter}`;
// Names are unique per owner: each function of these tests gets its own.
const valid = (over: Record<string, unknown> = {}) => ({ name: `stats-${++routeCounter}`, runtime: 'PYTHON', code: README_PYTHON, ...over });

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.signUp('admin');
  owner = await server.signUp('owner');
  stranger = await server.signUp('stranger');
});
afterAll(() => server?.close());

describe('createFunction', () => {
  it('applies defaults and normalises the route', async () => {
    const res = await server.gql(CREATE, { i: valid({ route: 'Stats-X/' }) }, owner.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.createFunction).toMatchObject({ runtime: 'PYTHON', route: '/stats-x', timeoutMs: 30000, memoryMb: 128, version: 1, env: {} });
  });

  it.each([
    ['empty name', { name: '' }],
    ['long name', { name: 'x'.repeat(65) }],
    ['code over 256 KB', { code: '#'.repeat(256 * 1024 + 1) }],
    ['empty code', { code: '   ' }],
    ['route with ..', { route: '/a/../b' }],
    ['route with //', { route: '/a//b' }],
    ['route with bad characters', { route: '/a b' }],
    ['route with a dot', { route: '/a.b' }],
    ['route too long', { route: '/' + 'a'.repeat(128) }],
    ['route that is only a slash', { route: '/' }],
    ['timeout below 100', { timeoutMs: 99 }],
    ['timeout above 300000', { timeoutMs: 300001 }],
    ['memory below 64', { memoryMb: 63 }],
    ['memory above 2048', { memoryMb: 2049 }],
    ['env not an object', { env: ['A'] }],
    ['env lowercase name', { env: { lower: 'x' } }],
    ['env reserved prefix', { env: { FNBOX_SECRET: 'x' } }],
    ['env non-string value', { env: { A: 1 } }],
    ['env over 4 KB', { env: { BIG: 'x'.repeat(4100) } }],
  ])('rejects %s with BAD_USER_INPUT and a clear message', async (_label, over) => {
    const res = await server.gql(CREATE, { i: valid(over) }, owner.token);
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message.length).toBeGreaterThan(5);
  });

  it('rejects an unknown runtime through GraphQL validation', async () => {
    const res = await server.gql(CREATE, { i: valid({ runtime: 'RUBY' }) }, owner.token);
    expect(code(res)).toBe('BAD_USER_INPUT');
  });

  it('keeps routes unique across users (CONFLICT)', async () => {
    const route = uniqueRoute();
    expect((await server.gql(CREATE, { i: valid({ route }) }, owner.token)).errors).toBeUndefined();
    expect(code(await server.gql(CREATE, { i: valid({ route }) }, stranger.token))).toBe('CONFLICT');
  });

  it('requires authentication', async () => {
    expect(code(await server.gql(CREATE, { i: valid() }))).toBe('UNAUTHENTICATED');
  });
});

describe('updateFunction', () => {
  it('bumps the version on every change and keeps previous versions readable', async () => {
    const { id } = (await server.gql(CREATE, { i: valid({ env: { A: '1' } }) }, owner.token)).data.createFunction;
    const v2 = await server.gql(UPDATE, { id, i: { timeoutMs: 5000 } }, owner.token);
    expect(v2.data.updateFunction).toMatchObject({ version: 2, timeoutMs: 5000, name: expect.stringMatching(/^stats-/), env: { A: '1' } });
    const v3 = await server.gql(UPDATE, { id, i: { code: 'def handler(event):\n    return 1\n' } }, owner.token);
    expect(v3.data.updateFunction.version).toBe(3);
    const same = await server.gql(UPDATE, { id, i: { timeoutMs: 5000 } }, owner.token);
    expect(same.data.updateFunction.version).toBe(3);

    const old = await server.gql('query($id: ID!) { functionVersion(id: $id, version: 1) { version code timeoutMs } }', { id }, owner.token);
    expect(old.data.functionVersion).toMatchObject({ version: 1, code: README_PYTHON, timeoutMs: 30000 });
    const versions = await server.gql('query($id: ID!) { function(id: $id) { versions { version } } }', { id }, owner.token);
    expect(versions.data.function.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('validates updates with the same rules and can remove a route', async () => {
    const { id } = (await server.gql(CREATE, { i: valid({ route: uniqueRoute() }) }, owner.token)).data.createFunction;
    expect(code(await server.gql(UPDATE, { id, i: { memoryMb: 4096 } }, owner.token))).toBe('BAD_USER_INPUT');
    const cleared = await server.gql(UPDATE, { id, i: { route: null } }, owner.token);
    expect(cleared.data.updateFunction.route).toBeNull();
  });
});

describe('tenant isolation', () => {
  it("hides other users' functions (NOT_FOUND) while an ADMIN sees everything", async () => {
    const { id } = (await server.gql(CREATE, { i: valid({ env: { SECRET: 's3cret' } }) }, owner.token)).data.createFunction;
    const get = 'query($id: ID!) { function(id: $id) { id env } }';
    expect(code(await server.gql(get, { id }, stranger.token))).toBe('NOT_FOUND');
    expect(code(await server.gql(UPDATE, { id, i: { name: 'mine' } }, stranger.token))).toBe('NOT_FOUND');
    expect(code(await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id }, stranger.token))).toBe('NOT_FOUND');
    expect(code(await server.gql('query($id: ID!) { functionVersion(id: $id, version: 1) { version } }', { id }, stranger.token))).toBe('NOT_FOUND');
    const strangerList = await server.gql('{ functions { id } }', {}, stranger.token);
    expect(strangerList.data.functions.map((f: { id: string }) => f.id)).not.toContain(id);

    const adminView = await server.gql(get, { id }, admin.token);
    expect(adminView.data.function.id).toBe(id);
    // Env values are the owner's alone, even for an ADMIN.
    expect(adminView.data.function.env).toBeNull();
    expect((await server.gql(get, { id }, owner.token)).data.function.env).toEqual({ SECRET: 's3cret' });
    const adminList = await server.gql('{ functions { id } }', {}, admin.token);
    expect(adminList.data.functions.map((f: { id: string }) => f.id)).toContain(id);
  });

  it('deletes a function for its owner only', async () => {
    const { id } = (await server.gql(CREATE, { i: valid() }, owner.token)).data.createFunction;
    expect((await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id }, owner.token)).data.deleteFunction).toBe(true);
    expect(code(await server.gql('query($id: ID!) { function(id: $id) { id } }', { id }, owner.token))).toBe('NOT_FOUND');
  });
});
