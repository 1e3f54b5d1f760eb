import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_JAVASCRIPT, README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let user: Awaited<ReturnType<TestServer['signUp']>>;
let n = 0;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id route } }';
const INVOKE = 'mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status result error logs durationMs coldStart functionVersion trigger } }';

async function create(runtime: 'PYTHON' | 'NODE', code: string, extra: Record<string, unknown> = {}) {
  const route = `/p${process.pid}-${Date.now()}-${++n}`;
  const res = await server.gql(CREATE, { i: { name: `f${n}`, runtime, code, route, ...extra } }, user.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction as { id: string; route: string };
}

beforeAll(async () => {
  server = await startTestServer();
  user = await server.signUp('paths');
});
afterAll(() => server?.close());

describe.each([
  ['Python', 'PYTHON', README_PYTHON],
  ['JavaScript', 'NODE', README_JAVASCRIPT],
] as const)('the README %s example', (_label, runtime, code) => {
  it('returns {"sum": 15, "average": 3} over GraphQL, its route and the seed API', async () => {
    const fn = await create(runtime, code);
    const gql = await server.gql(INVOKE, { id: fn.id }, user.token);
    expect(gql.errors).toBeUndefined();
    expect(gql.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: { sum: 15, average: 3 }, trigger: 'GRAPHQL', functionVersion: 1 });

    const route = await server.http('GET', `/fn${fn.route}`, { token: user.token });
    expect(route.status).toBe(200);
    expect(route.body).toEqual({ sum: 15, average: 3 });

    const seed = await server.http('POST', `/api/v1/execute/${fn.id}`, { token: user.token });
    expect(seed.body).toMatchObject({ status: 'success', output: { sum: 15, average: 3 } });
  });
});

describe('route shim', () => {
  it('passes {method, path, query, headers, body} and maps a {statusCode, headers, body} result', async () => {
    const fn = await create(
      'PYTHON',
      'def handler(event, context):\n    return {"statusCode": 201, "headers": {"X-Echo": event["query"].get("q", "")}, "body": {"event": event}}\n',
    );
    const res = await server.http('POST', `/fn${fn.route}/deeper/path?q=hello`, { token: user.token, body: { a: 1 } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('hello');
    const { event } = res.body;
    expect(event).toMatchObject({ method: 'POST', path: `${fn.route}/deeper/path`, query: { q: 'hello' }, body: { a: 1 } });
    expect(event.headers['content-type']).toContain('application/json');
    // Credentials never reach user code.
    expect(event.headers.authorization).toBeUndefined();
  });

  it('answers 404 for unknown routes, 401 without and 403 with foreign credentials', async () => {
    const fn = await create('PYTHON', README_PYTHON);
    expect((await server.http('GET', `/fn/never-routed-${Date.now()}`, { token: user.token })).status).toBe(404);
    expect((await server.http('GET', `/fn${fn.route}`)).status).toBe(401);
    const other = await server.signUp('other');
    const foreign = await server.http('GET', `/fn${fn.route}`, { token: other.token });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
  });

  it('sends non-object results as JSON and answers 502 for headers HTTP cannot carry', async () => {
    const list = await create('PYTHON', 'def handler():\n    return [1, "two", None]\n');
    const listed = await server.http('GET', `/fn${list.route}`, { token: user.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([1, 'two', null]);

    const bad = await create('PYTHON', 'def handler():\n    return {"statusCode": 200, "headers": {"Bad Header": "x", "X-Ok": "y"}, "body": "hi"}\n');
    const res = await server.http('GET', `/fn${bad.route}`, { token: user.token });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('invalid HTTP response');
    expect(res.headers.get('x-ok')).toBeNull();
  });

  it('maps function errors to 502 and timeouts to 504', async () => {
    const failing = await create('PYTHON', 'def handler(event):\n    raise ValueError("boom")\n');
    const res = await server.http('GET', `/fn${failing.route}`, { token: user.token });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('boom');

    const slow = await create('PYTHON', 'import time\ndef handler():\n    time.sleep(5)\n', { timeoutMs: 300 });
    const timedOut = await server.http('GET', `/fn${slow.route}`, { token: user.token });
    expect(timedOut.status).toBe(504);
  });
});

describe('results as the agent encoded them', () => {
  it('a 4 MB result and a result with a statusCode string inside reach every path intact', async () => {
    const big = await create('PYTHON', 'def handler():\n    return {"rows": ["x" * 1000] * 4000, "note": "statusCode"}');
    const route = await server.http('GET', `/fn${big.route}`, { token: user.token });
    expect(route.status).toBe(200);
    expect(route.body.rows).toHaveLength(4000);
    const gql = await server.gql(INVOKE, { id: big.id }, user.token);
    expect(gql.data.invokeFunction.result.rows[3999]).toBe('x'.repeat(1000));
  });

  it('non-ASCII results travel as UTF-8, not as escapes; lone surrogates still make valid JSON', async () => {
    const text = await create('PYTHON', 'def handler():\n    return {"word": "héllo wörld ✓ 漢字"}');
    const route = await fetch(`${server.url}/fn${text.route}`, { headers: { authorization: `Bearer ${user.token}` } });
    const raw = await route.text();
    expect(raw).toContain('héllo wörld ✓ 漢字');
    expect(JSON.parse(raw)).toEqual({ word: 'héllo wörld ✓ 漢字' });
    const lone = await create('PYTHON', 'def handler():\n    return {"s": "a\\ud800b"}');
    const loneRoute = await server.http('GET', `/fn${lone.route}`, { token: user.token });
    expect(loneRoute.status).toBe(200);
    expect(loneRoute.body.s).toHaveLength(3);
  });

  it('a function forging its own result frame with text that is not JSON breaks no read of its invocations', async () => {
    const forged = await create('PYTHON', `import os, sys
def handler(event, context):
    agent = sys.modules["__main__"]
    frame = b"\\n" + agent.marker + b'{"t":"result","id":"' + context.invocation_id.encode() + b'","ok":true,"logs":"","result":not json}\\n'
    os.write(agent.PROTO_OUT, frame)
    return "real"`);
    await server.http('GET', `/fn${forged.route}`, { token: user.token });
    const list = await server.gql('query($f: ID!) { invocations(functionId: $f, first: 5) { edges { node { status result } } } }', { f: forged.id }, user.token);
    expect(list.errors).toBeUndefined();
    expect(list.data.invocations.edges).toHaveLength(1);
    expect(list.data.invocations.edges[0].node).toEqual({ status: 'SUCCESS', result: 'not json' }); // read as the text it is
    const seed = await server.http('POST', `/api/v1/execute/${forged.id}`, { token: user.token });
    expect(seed.status).toBe(200);
  });
});

describe('invocation records', () => {
  it('records every invocation, lists them newest first with Relay paging, and runs async invocations', async () => {
    const fn = await create('NODE', 'exports.handler = async (event) => ({ echo: event.n });');
    for (let i = 0; i < 3; i++) await server.gql(INVOKE, { id: fn.id, input: { n: i } }, user.token);
    const queued = await server.gql('mutation($id: ID!) { invokeFunctionAsync(id: $id, input: {n: 99}) { id status } }', { id: fn.id }, user.token);
    expect(queued.data.invokeFunctionAsync.status).toBe('QUEUED');

    const get = 'query($id: ID!) { invocation(id: $id) { status result } }';
    let final: { status: string; result: unknown } | undefined;
    for (let i = 0; i < 100 && final?.status !== 'SUCCESS'; i++) {
      final = (await server.gql(get, { id: queued.data.invokeFunctionAsync.id }, user.token)).data.invocation;
      if (final?.status !== 'SUCCESS') await new Promise((r) => setTimeout(r, 50));
    }
    expect(final).toEqual({ status: 'SUCCESS', result: { echo: 99 } });

    const page = 'query($f: ID!, $after: String) { invocations(functionId: $f, first: 2, after: $after) { edges { cursor node { result } } pageInfo { hasNextPage endCursor } } }';
    const first = (await server.gql(page, { f: fn.id }, user.token)).data.invocations;
    expect(first.edges.map((e: { node: { result: { echo: number } } }) => e.node.result.echo)).toEqual([99, 2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await server.gql(page, { f: fn.id, after: first.pageInfo.endCursor }, user.token)).data.invocations;
    expect(second.edges.map((e: { node: { result: { echo: number } } }) => e.node.result.echo)).toEqual([1, 0]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const back = 'query($f: ID!, $before: String) { invocations(functionId: $f, last: 2, before: $before) { edges { node { result } } pageInfo { hasPreviousPage } } }';
    const previous = (await server.gql(back, { f: fn.id, before: second.edges[0].cursor }, user.token)).data.invocations;
    expect(previous.edges.map((e: { node: { result: { echo: number } } }) => e.node.result.echo)).toEqual([99, 2]);
    expect(previous.pageInfo.hasPreviousPage).toBe(false);

    const other = await server.signUp('peek');
    expect((await server.gql(get, { id: queued.data.invokeFunctionAsync.id }, other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.gql(page, { f: fn.id }, other.token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
