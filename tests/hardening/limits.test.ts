/**
 * Bounds on what one client can make the server do: query depth and size, request body size
 * (also chunked, without content-length), introspection switch, registration rate, and
 * subscriptions only where they are re-authenticated (graphql-ws).
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe, wsClient } from '../live/ws.client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { rawRequest, uploadBody } from './http.raw.js';

let server: TestServer;
let closed: TestServer;
let token: string;

const code = (body: any) => body?.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  // No prewarmed containers: nothing here runs a function.
  server = await startTestServer({ executor: { stemCellsPerRuntime: 0 } as never });
  token = (await server.signUp('limits')).token;
  closed = await startTestServer({ introspection: false, executor: { stemCellsPerRuntime: 0 } as never });
});
afterAll(async () => {
  await server?.close();
  await closed?.close();
});

describe('query depth and size', () => {
  it('accepts depth 12 and refuses depth 13 with BAD_USER_INPUT before executing', async () => {
    // functions(1) + metrics/function pairs: depth = 1 + 2 * pairs + 1 (the id)
    const atLimit = `{ functions ${'{ metrics { function '.repeat(5)}{ id }${' } }'.repeat(5)} }`;
    const over = `{ functions ${'{ metrics { function '.repeat(5)}{ metrics { invocations } }${' } }'.repeat(5)} }`;
    expect((await server.gql(atLimit, {}, token)).errors).toBeUndefined();
    const res = await server.gql(over, {}, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/13 levels deep; the maximum is 12/);
  });

  it('counts aliases: 500 fields pass, 501 do not', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await server.gql(aliases(500), {}, token)).errors).toBeUndefined();
    const res = await server.gql(aliases(501), {}, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/501 fields; the maximum is 500/);
  });

  it('measures a fragment bomb without expanding it', async () => {
    // Each level doubles: f40 would be 2^40 fields if expanded, more than could be counted (let
    // alone answered) within the test's timeout in hours; so no clock is read here.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment f${i + 1} on Query { a: __typename ...f${i} b: __typename ...f${i} }`);
    const doc = `query { ...f40 } fragment f0 on Query { __typename } ${fragments.join(' ')}`;
    const res = await server.gql(doc, {}, token);
    expect(res.errors?.some((e) => /fields; the maximum is 500/.test(e.message))).toBe(true);
    expect(code({ errors: res.errors })).toBe('BAD_USER_INPUT');
  });

  it('lets the standard introspection query through (GraphiQL, codegen)', async () => {
    const res = await server.gql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }), {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.types.length).toBeGreaterThan(10);
  });

  it('applies the same limits to graphql-ws operations', async () => {
    const client = wsClient(server.url, token);
    try {
      const sub = subscribe(client, `subscription { functionEvents { function ${'{ metrics { function '.repeat(6)}{ id }${' } }'.repeat(6)} } }`);
      await sub.ended;
      expect(JSON.stringify(sub.failure)).toMatch(/levels deep/);
    } finally {
      await client.dispose();
    }
  });
});

describe('request size', () => {
  it('refuses a GraphQL body over the limit with content-length', async () => {
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` });
    const res = await rawRequest(`${server.url}/graphql`, { headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body });
    expect(res.status).toBe(413);
    expect(code(JSON.parse(res.text))).toBe('BAD_USER_INPUT');
  });

  it('refuses a chunked GraphQL body over the limit, without reading it all', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const chunks = [Buffer.from('{"query": "{ __typename }", "pad": "'), ...Array.from({ length: 64 }, () => chunk), Buffer.from('"}')];
    const res = await rawRequest(`${server.url}/graphql`, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks });
    expect(res.status).toBe(413);
    expect(code(JSON.parse(res.text))).toBe('BAD_USER_INPUT');
  });

  it('still serves a chunked GraphQL body within the limit', async () => {
    const res = await rawRequest(`${server.url}/graphql`, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: ['{"query": ', '"{ __typename }"}'] });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).data).toEqual({ __typename: 'Query' });
  });

  it('answers 10 MB bodies with a 413 the client reads every time, and closes without a reset', async () => {
    // Before: the server destroyed the socket while the client was still sending, and the
    // client's write failed with a reset (EPIPE) before it could read the 413.
    for (const path of ['/graphql', '/api/v1/auth/register']) {
      for (const chunked of [false, true]) {
        for (let i = 0; i < 4; i++) {
          const upload = await uploadBody(`${server.url}${path}`, 10 * 1024 * 1024, chunked);
          expect(upload, `${path} ${chunked ? 'chunked' : 'content-length'} #${i}`).toEqual({ statusLine: 'HTTP/1.1 413 Payload Too Large', writeError: undefined });
        }
      }
    }
  });

  it('stops reading a refused body after a bound', async () => {
    // The server reads (and drops) about 16 MB past the refusal (checked every 50 ms), then cuts
    // the connection: a 256 MB upload never finishes. The 413 came first.
    const upload = await uploadBody(`${server.url}/graphql`, 256 * 1024 * 1024, false);
    expect(upload.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(upload.writeError).toBeDefined();
    expect((await server.http('GET', '/healthz')).status).toBe(200);
  });

  it('refuses a chunked REST body over the limit', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const res = await rawRequest(`${server.url}/api/v1/auth/register`, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: Array.from({ length: 20 }, () => chunk) });
    expect(res.status).toBe(413);
    expect((await server.http('GET', '/healthz')).status).toBe(200);
  });
});

describe('subscriptions over plain HTTP', () => {
  it('are refused (only graphql-ws re-authenticates long-lived streams)', async () => {
    const res = await server.http('POST', '/graphql', { token, body: { query: 'subscription { functionEvents { type } }' }, headers: { accept: 'text/event-stream, application/json' } });
    expect(res.text).toMatch(/WebSocket/);
    expect(res.text).toMatch(/BAD_USER_INPUT/);
  });
});

describe('introspection switch', () => {
  it('FNBOX_INTROSPECTION=false refuses __schema and __type', async () => {
    const user = await closed.signUp('introspect');
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Function") { fields { name } } }', getIntrospectionQuery()]) {
      const res = await closed.gql(query, {}, user.token);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(res.data ?? null).toBeNull();
    }
    expect((await closed.gql('{ me { id } }', {}, user.token)).errors).toBeUndefined();
  });

  it('is on by default', async () => {
    expect((await server.gql('{ __schema { queryType { name } } }', {}, token)).data.__schema.queryType.name).toBe('Query');
  });
});

describe('registration rate limit', () => {
  it('allows 20 registrations a minute per address, then TOO_MANY_REQUESTS with Retry-After', async () => {
    // `closed` has registered one account so far; spend the rest of the window.
    const register = (i: number) => closed.gql('mutation($e: String!) { register(email: $e, password: "long enough pw") { token } }', { e: `rl${i}-${Date.now()}@example.test` });
    const results = [];
    for (let i = 0; i < 19; i++) results.push(await register(i));
    expect(results.every((r) => !r.errors)).toBe(true);
    const limited = await closed.http('POST', '/graphql', { body: { query: 'mutation { register(email: "late@example.test", password: "long enough pw") { token } }' } });
    expect(code(limited.body)).toBe('TOO_MANY_REQUESTS');
    expect(limited.body.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(limited.body.errors[0].extensions.retryAfter).toBeLessThanOrEqual(60);
    const rest = await closed.http('POST', '/api/v1/auth/register', { body: { username: 'late2', email: 'late2@example.test', password: 'long enough pw' } });
    expect(rest.status).toBe(429);
    expect(rest.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
    // Signing in is not registering: still possible.
    const login = await closed.gql('mutation { login(email: "late@example.test", password: "long enough pw") { token } }');
    expect(login.errors?.[0]?.extensions?.code).not.toBe('TOO_MANY_REQUESTS');
  });
});
