/**
 * What an outsider learns by probing, and how fast. The contract fixes the codes: anonymous
 * `/fn/<route>` is 404 for an unknown route and 401 for a known one, and `register` is CONFLICT
 * for a taken email. So both are limited per client address (SECURITY.md, "What an outsider
 * can learn"); each test probes from its own loopback address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { rawRequest } from './http.raw.js';

let server: TestServer;
let owner: Awaited<ReturnType<TestServer['signUp']>>;
const ROUTE = '/probe-target';

beforeAll(async () => {
  // Only the PUBLIC route test runs a function (one cold start): no prewarmed containers.
  server = await startTestServer({ executor: { stemCellsPerRuntime: 0 } as never });
  owner = await server.signUp('probed');
  const created = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name: 'target', runtime: 'NODE', code: 'exports.handler = () => 1', route: ROUTE } }, owner.token);
  expect(created.errors).toBeUndefined();
});
afterAll(() => server?.close());

const probe = (localAddress: string, path: string, authorization?: string) =>
  rawRequest(`${server.url}/fn${path}`, { method: 'GET', localAddress, headers: authorization ? { authorization } : {} });

describe('anonymous /fn probing', () => {
  it('answers 404 or 401 sixty times a minute per address, then 429 whether the route exists or not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push((await probe('127.0.0.2', ROUTE)).status, (await probe('127.0.0.2', `/guess-${i}`)).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 404)).toHaveLength(30);

    const known = await probe('127.0.0.2', ROUTE);
    const unknown = await probe('127.0.0.2', '/guess-late');
    for (const res of [known, unknown]) {
      expect(res.status).toBe(429);
      expect(JSON.parse(res.text).error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    expect(known.text).toBe(unknown.text);
    expect((await probe('127.0.0.2', ROUTE, 'Bearer not-a-token')).status).toBe(429);

    // Other addresses, and signed-in callers at this one, are not limited.
    expect((await probe('127.0.0.3', ROUTE)).status).toBe(401);
    expect((await probe('127.0.0.2', '/guess-signed-in', `Bearer ${owner.token}`)).status).toBe(404);
  });

  it('counts calls with bad credentials as anonymous', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await probe('127.0.0.4', i % 2 ? ROUTE : `/guess-${i}`, 'Bearer forged.jwt.token')).status);
    expect(new Set(statuses)).toEqual(new Set([401, 404]));
    expect((await probe('127.0.0.4', ROUTE, 'Bearer forged.jwt.token')).status).toBe(429);
  });
});

describe('anonymous /fn probing beside PUBLIC routes and a trusted proxy', () => {
  it('does not count calls of a PUBLIC route, nor refuse them past the probe budget', async () => {
    const created = await server.gql(
      'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }',
      { i: { name: 'open', runtime: 'NODE', code: 'exports.handler = () => ({ open: true })', route: '/probe-open', access: 'PUBLIC' } },
      owner.token,
    );
    expect(created.errors).toBeUndefined();
    const open = await probe('127.0.0.7', '/probe-open/anything');
    expect(open.status).toBe(200);
    expect(JSON.parse(open.text)).toEqual({ open: true });
    // The PUBLIC call took nothing from this address's probe budget: 60 probes still answer.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await probe('127.0.0.7', i % 2 ? ROUTE : `/guess-public-${i}`)).status);
    expect(new Set(statuses)).toEqual(new Set([401, 404]));
    expect((await probe('127.0.0.7', ROUTE)).status).toBe(429);
    // Past it, the PUBLIC route still answers (its own per-client limit applies, not this one).
    expect((await probe('127.0.0.7', '/probe-open')).status).toBe(200);
  });

  it('counts the client named by a trusted proxy, not the proxy', async () => {
    const proxied = await startTestServer({ trustProxy: '127.0.0.9', probePerMinute: 2, executor: { stemCellsPerRuntime: 0 } as never });
    try {
      const via = (client: string) =>
        rawRequest(`${proxied.url}/fn/nowhere`, { method: 'GET', localAddress: '127.0.0.9', headers: { 'x-forwarded-for': client } }).then((r) => r.status);
      expect([await via('198.51.100.1'), await via('198.51.100.1'), await via('198.51.100.1')]).toEqual([404, 404, 429]);
      // Another client behind the same proxy has its own budget.
      expect(await via('198.51.100.2')).toBe(404);
      // A client that is not the proxy cannot choose its address.
      const direct = (spoofed: string) =>
        rawRequest(`${proxied.url}/fn/nowhere`, { method: 'GET', localAddress: '127.0.0.10', headers: { 'x-forwarded-for': spoofed } }).then((r) => r.status);
      expect([await direct('198.51.100.3'), await direct('198.51.100.4'), await direct('198.51.100.5')]).toEqual([404, 404, 429]);
    } finally {
      await proxied.close();
    }
  });
});

describe('registration probing', () => {
  const register = (localAddress: string, email: string) =>
    rawRequest(`${server.url}/graphql`, {
      localAddress,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!) { register(email: $e, password: "long enough pw") { token } }', variables: { e: email } }),
    }).then((res) => JSON.parse(res.text).errors?.[0]?.extensions?.code as string | undefined);

  it('counts attempts that fail with CONFLICT: 20 a minute per address', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 20; i++) codes.push(await register('127.0.0.5', i % 2 ? owner.email : owner.email.toUpperCase()));
    expect(codes.every((c) => c === 'CONFLICT')).toBe(true);
    // Past the limit every attempt is refused alike, taken email or not.
    expect(await register('127.0.0.5', owner.email)).toBe('TOO_MANY_REQUESTS');
    expect(await register('127.0.0.5', `free-${Date.now()}@example.test`)).toBe('TOO_MANY_REQUESTS');
    expect(await register('127.0.0.6', `free-${Date.now()}@example.test`)).toBeUndefined();
  });
});
