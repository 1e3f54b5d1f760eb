import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let alice: Awaited<ReturnType<TestServer['signUp']>>;
let bob: Awaited<ReturnType<TestServer['signUp']>>;
let n = 0;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id route } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id route } }';
const base = () => `/r${process.pid}-${Date.now()}-${++n}`;
const ECHO = 'exports.handler = async (e) => ({ fn: process.env.WHICH, params: e.pathParameters, subpath: e.subpath });';

function create(token: string, route: string, which = 'x') {
  return server.gql(CREATE, { i: { name: `${which}-${++n}`, runtime: 'NODE', code: ECHO, route, access: 'PUBLIC', env: { WHICH: which } } }, token);
}
async function created(token: string, route: string, which = 'x') {
  const res = await create(token, route, which);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction as { id: string; route: string };
}
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  server = await startTestServer({ publicRoutePerMinute: 0 });
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
});
afterAll(() => server?.close());

describe('routes that belong to their owner', () => {
  it('refuse another user a route under, above or across an owner\'s route (CONFLICT)', async () => {
    const root = base();
    await created(alice.token, `${root}/stats`);
    expect(code(await create(bob.token, `${root}/stats/admin`))).toBe('CONFLICT');
    expect(code(await create(bob.token, `${root}/stats/{id}`))).toBe('CONFLICT');
    expect(code(await create(bob.token, root))).toBe('CONFLICT');
    expect(code(await create(bob.token, `${root}/{section}`))).toBe('CONFLICT');
    expect(code(await create(bob.token, `${root}/{rest+}`))).toBe('CONFLICT');
    // An update cannot take it either.
    const bobs = await created(bob.token, `${root}-bob`);
    // Route and access are the function's, not a version's: changing them makes no new version.
    const moved = await server.gql('mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { route access version } }', { id: bobs.id, i: { route: `${root}-bob2`, access: 'PRIVATE' } }, bob.token);
    expect(moved.data.updateFunction).toEqual({ route: `${root}-bob2`, access: 'PRIVATE', version: 1 });
    expect(code(await server.gql(UPDATE, { id: bobs.id, i: { route: `${root}/stats/admin` } }, bob.token))).toBe('CONFLICT');
    // The owner may nest routes in their own subtree; a sibling elsewhere is anyone's.
    expect(code(await create(alice.token, `${root}/stats/admin`))).toBeUndefined();
    expect(code(await create(bob.token, `${root}/other`))).toBeUndefined();
    // Same paths under another parameter name is the same route.
    await created(alice.token, `${root}/users/{id}`);
    expect(code(await create(alice.token, `${root}/Users/{userId}`))).toBe('CONFLICT');
  });

  it('says plainly when no function is routed at a path', async () => {
    const res = await server.http('GET', '/fn/nowhere-at-all');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No function is routed at /nowhere-at-all');
  });
});

describe('routes of bundles', () => {
  it('serve a bundle at a pattern, and opening it or moving it keeps its version and files', async () => {
    const root = base();
    const files = [
      { path: 'src/api.js', content: "const { shout } = require('../lib/words'); exports.handler = async (e) => ({ said: shout(e.pathParameters.word) });" },
      { path: 'lib/words.js', content: 'exports.shout = (w) => w.toUpperCase();' },
    ];
    const made = await server.gql(
      'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id version access bundleSha256 } }',
      { i: { name: 'bundled', runtime: 'NODE', handler: 'src/api.handler', files, route: `${root}/say/{word}` } },
      alice.token,
    );
    expect(made.errors).toBeUndefined();
    const fn = made.data.createFunction as { id: string; version: number; access: string; bundleSha256: string };
    expect(fn).toMatchObject({ version: 1, access: 'PRIVATE' });
    expect((await server.http('GET', `/fn${root}/say/hi`)).status).toBe(401);

    const opened = await server.gql(
      'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { route access version handler bundleSha256 files { path } } }',
      { id: fn.id, i: { access: 'PUBLIC', route: `${root}/shout/{word}` } },
      alice.token,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data.updateFunction).toMatchObject({ route: `${root}/shout/{word}`, access: 'PUBLIC', version: 1, handler: 'src/api.handler', bundleSha256: fn.bundleSha256 });
    expect(opened.data.updateFunction.files.map((f: { path: string }) => f.path).sort()).toEqual(['lib/words.js', 'src/api.js']);
    const res = await server.http('GET', `/fn${root}/shout/hello`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ said: 'HELLO' });

    // A new bundle is a new version; access and route stay as they were.
    const changed = await server.gql(
      'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { route access version } }',
      { id: fn.id, i: { handler: 'src/api.handler', files: [files[0], { path: 'lib/words.js', content: "exports.shout = (w) => w.toUpperCase() + '!';" }] } },
      alice.token,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateFunction).toEqual({ route: `${root}/shout/{word}`, access: 'PUBLIC', version: 2 });
    expect((await server.http('GET', `/fn${root}/shout/hello`)).body).toEqual({ said: 'HELLO!' });
  });
});

describe('route patterns', () => {
  it('match literals before parameters before greedy parameters, keeping case', async () => {
    const root = base();
    await created(alice.token, `${root}/users/{id}`, 'one');
    await created(alice.token, `${root}/users/me`, 'me');
    await created(alice.token, `${root}/files/{path+}`, 'files');
    await created(alice.token, `${root}/users/{id}/posts/{postId}`, 'post');
    const get = async (path: string) => (await server.http('GET', `/fn${path}`)).body;

    expect(await get(`${root}/users/Ada%20L`)).toEqual({ fn: 'one', params: { id: 'Ada L' }, subpath: '/' });
    expect(await get(`${root}/Users/ME`)).toEqual({ fn: 'me', params: {}, subpath: '/' });
    expect(await get(`${root}/users/42/posts/XyZ`)).toEqual({ fn: 'post', params: { id: '42', postId: 'XyZ' }, subpath: '/' });
    // A route owns its subtree: what is below it is its sub-path.
    expect(await get(`${root}/users/42/Avatar`)).toEqual({ fn: 'one', params: { id: '42' }, subpath: '/Avatar' });
    expect(await get(`${root}/files/a/B/c.PNG`)).toEqual({ fn: 'files', params: { path: 'a/B/c.PNG' }, subpath: '/a/B/c.PNG' });
    // A greedy parameter needs at least one segment.
    expect((await server.http('GET', `/fn${root}/files`)).status).toBe(404);
  });

  it('refuse malformed patterns', async () => {
    for (const route of ['/a/{proxy+}/b', '/a/{id}/{id}', '/a/{bad-name}', '/a/{}']) {
      expect(code(await create(alice.token, route))).toBe('BAD_USER_INPUT');
    }
  });
});
