/**
 * Property tests: arbitrary values for every input of the GraphQL mutations and arbitrary
 * bodies for every /api/v1 route. Whatever arrives, the answer is a clear code from the
 * contract, never a 500, and the server keeps answering /healthz.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../../server/http/router.js';
import { startTestServer, type HttpResponse, type TestServer } from '../support/test-server.js';

const CONTRACT = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'TOO_MANY_REQUESTS', 'UNAVAILABLE'];
const RUNS = { numRuns: 120 };

let server: TestServer;
let router: Router | undefined;
let user: Awaited<ReturnType<TestServer['signUp']>>;
let fnId: string;

beforeAll(async () => {
  // Registrations are limited per address; here every request comes from 127.0.0.1.
  server = await startTestServer({ registerPerMinute: 0 }, { routes: [(r) => void (router = r)] });
  user = await server.signUp('fuzz');
  const created = await server.gql(
    'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }',
    { i: { name: 'echo', runtime: 'PYTHON', code: 'def handler(event, context):\n    return {"ok": True}\n' } },
    user.token,
  );
  fnId = created.data.createFunction.id;
});
afterAll(() => server?.close());

/** Never a 5xx, never an unexpected error: every error carries a contract code. */
function expectClearGraphQL(res: HttpResponse, label: unknown) {
  const why = `${JSON.stringify(label).slice(0, 500)} -> ${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, why).toBeLessThan(500);
  expect(typeof res.body, why).toBe('object');
  for (const error of res.body.errors ?? []) expect(CONTRACT, why).toContain(error.extensions?.code);
  if (!res.body.errors) expect(res.body.data, why).toBeTruthy();
}

function expectClearRest(res: HttpResponse, label: unknown) {
  const why = `${JSON.stringify(label).slice(0, 500)} -> ${res.status} ${res.text.slice(0, 500)}`;
  expect(res.status, why).toBeLessThan(500);
  // 405 is routing (a path that exists for other methods), not input: the one non-contract code.
  if (res.status === 405) expect(res.body?.error?.code, why).toBe('METHOD_NOT_ALLOWED');
  else if (res.status >= 400) expect(CONTRACT, why).toContain(res.body?.error?.code);
}

const json = fc.jsonValue({ maxDepth: 4 });
/** Usually plausible, often wrong: so that validation past the first field is reached too. */
const either = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, json, fc.string());
const functionInput = fc.oneof(
  fc.record(
    {
      name: either(fc.string({ minLength: 1, maxLength: 70 })),
      runtime: either(fc.constantFrom('PYTHON', 'NODE', 'RUBY')),
      code: either(fc.constantFrom('def handler(): return 1', 'exports.handler = () => 1', '')),
      route: either(fc.stringMatching(/^\/[a-z0-9./-]{0,20}$/)),
      timeoutMs: either(fc.integer()),
      memoryMb: either(fc.integer()),
      env: either(fc.dictionary(fc.string(), fc.oneof(fc.string(), json))),
      extra: json,
    },
    { requiredKeys: [] },
  ),
  json,
);
const anyId = fc.oneof(fc.string(), json, fc.constant('00000000-0000-0000-0000-000000000000'));
/** An id as a path segment. Not String(): it throws on generated objects whose toString and valueOf keys hold data. */
const asPathSegment = (id: unknown) => (typeof id === 'string' ? id : JSON.stringify(id) ?? 'undefined');

const gql = (query: string, variables: unknown, token: string | undefined = user.token) => server.http('POST', '/graphql', { token, body: { query, variables } });

describe('GraphQL variables', () => {
  it('createFunction: arbitrary input', async () => {
    await fc.assert(
      fc.asyncProperty(functionInput, async (input) => expectClearGraphQL(await gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: input }), input)),
      RUNS,
    );
  });

  it('updateFunction: arbitrary ids and input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyId, fc.constant(fnId)), functionInput, async (id, input) =>
        expectClearGraphQL(await gql('mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id version } }', { id, i: input }), { id, input }),
      ),
      RUNS,
    );
  });

  it('invokeFunction: arbitrary ids and events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyId, fc.constant(fnId)), fc.jsonValue({ maxDepth: 8 }), async (id, input) =>
        expectClearGraphQL(await gql('mutation($id: ID!, $in: JSON) { invokeFunction(id: $id, input: $in) { id status } }', { id, in: input }), { id, input }),
      ),
      { numRuns: 80 },
    );
  });

  it('register and login: arbitrary credentials', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('register', 'login'), either(fc.emailAddress()), either(fc.string({ minLength: 8 })), async (op, email, password) =>
        expectClearGraphQL(await gql(`mutation($e: String!, $p: String!) { ${op}(email: $e, password: $p) { token } }`, { e: email, p: password }, undefined), { op, email, password }),
      ),
      { numRuns: 60 },
    );
  });

  it('arbitrary documents and variables', async () => {
    const documents = fc.oneof(fc.string(), fc.constantFrom('{ me { id } }', 'query($x: Int!) { functions { id } }', 'subscription { functionEvents { type } }', '{ __typename'));
    await fc.assert(
      fc.asyncProperty(documents, json, async (query, variables) => {
        const res = await server.http('POST', '/graphql', { token: user.token, body: { query, variables } });
        expectClearGraphQL(res, { query, variables });
      }),
      RUNS,
    );
  });

  it('deep and huge JSON in variables', async () => {
    // Built as text: the test's own JSON.stringify would overflow on 100,000 levels.
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const cases = [deep(300), deep(100_000), JSON.stringify({ big: 'x'.repeat(900_000) }), JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i))];
    for (const input of cases) {
      const invoke = `{"query": "mutation($id: ID!, $in: JSON) { invokeFunction(id: $id, input: $in) { status } }", "variables": {"id": "${fnId}", "in": ${input}}}`;
      expectClearGraphQL(await server.http('POST', '/graphql', { token: user.token, body: invoke }), 'deep/huge');
      const create = `{"query": "mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }", "variables": {"i": {"name": "x", "runtime": "PYTHON", "code": "x", "env": ${input}}}}`;
      expectClearGraphQL(await server.http('POST', '/graphql', { token: user.token, body: create }), 'deep/huge env');
    }
  });
});

describe('REST bodies', () => {
  const apiRoutes = () => (router?.list() ?? []).filter((r) => r.path.startsWith('/api/v1/'));
  const fill = (path: string, id: string) => path.replace(/:[A-Za-z_]+/g, encodeURIComponent(id));
  const contentTypes = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '');

  it('covers the API (sanity)', () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(8);
  });

  it('random bytes with any content type, on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...apiRoutes()), fc.uint8Array({ maxLength: 512 }), contentTypes, fc.oneof(anyId.map(asPathSegment), fc.constant(fnId)), async (route, bytes, type, id) => {
        const body = route.method === 'GET' ? undefined : Buffer.from(bytes).toString('latin1');
        const res = await server.http(route.method, fill(route.path, id), { token: user.token, body, headers: type ? { 'content-type': type } : {} });
        expectClearRest(res, { route, type, id });
      }),
      RUNS,
    );
  });

  it('random JSON on every route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...apiRoutes()), fc.oneof(json, functionInput), fc.constantFrom(fnId, 'nope'), fc.boolean(), async (route, body, id, authed) => {
        const res = await server.http(route.method, fill(route.path, id), { token: authed ? user.token : undefined, body: route.method === 'GET' ? undefined : JSON.stringify(body) });
        expectClearRest(res, { route, body, id });
      }),
      RUNS,
    );
  });

  it('malformed percent-encoding and odd paths', async () => {
    const paths = ['/api/v1/functions/%E0%A4%A', '/api/v1/functions/%', '/api/v1/execute/%ZZ', '/api/v1/metrics/%C0%80', '/fn/%', '/api/v1/%00', '/graphql/..%2f', '/%', '/%E0%A4%A', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/%00'];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        const res = await server.http(method, path, { token: user.token });
        // Other paths are the dashboard's: its page, or a plain 404 where it is not built.
        if (/^\/(api|fn|graphql)\b/.test(path)) expectClearRest(res, `${method} ${path}`);
        else expect(res.status, `${method} ${path}`).toBeLessThan(500);
        expect(res.text).not.toMatch(/root:.*:0:0:/);
      }
    }
  });

  it('deep JSON bodies', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    for (const path of [`/api/v1/execute/${fnId}`, `/api/v1/functions/${fnId}`, '/api/v1/functions/', '/api/v1/auth/register']) {
      const method = path.includes('functions/') && path.endsWith(fnId) ? 'PUT' : 'POST';
      expectClearRest(await server.http(method, path, { token: user.token, body: deep }), path);
      expectClearRest(await server.http(method, path, { token: user.token, body: `{"name": ${deep}}` }), path);
    }
  });
});

describe('afterwards', () => {
  it('the server still answers /healthz and runs functions', async () => {
    expect((await server.http('GET', '/healthz')).status).toBe(200);
    // The fuzzed updates may have rewritten the first function: run a fresh one.
    const created = await gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name: 'after', runtime: 'NODE', code: 'exports.handler = () => 42' } });
    const res = await gql('mutation($id: ID!) { invokeFunction(id: $id) { status result } }', { id: created.body.data.createFunction.id });
    expect(res.body.data?.invokeFunction, res.text).toEqual({ status: 'SUCCESS', result: 42 });
  });
});
