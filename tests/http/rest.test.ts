import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_JAVASCRIPT, README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function seedUser(prefix: string) {
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const reg = await server.http('POST', '/api/v1/auth/register', { body: { username: prefix, email, password: 'password123' } });
  expect(reg.status).toBe(201);
  const token = await server.http('POST', '/api/v1/auth/token', { form: { username: email, password: 'password123' } });
  expect(token.status).toBe(200);
  expect(token.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });
  return { email, token: token.body.access_token as string };
}

describe('seed-compatible /api/v1', () => {
  it('registers and issues tokens from a form or JSON body', async () => {
    const { email } = await seedUser('form');
    const json = await server.http('POST', '/api/v1/auth/token', { body: { username: email, password: 'password123' } });
    expect(json.status).toBe(200);
    const bad = await server.http('POST', '/api/v1/auth/token', { form: { username: email, password: 'nope-nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' }, detail: expect.any(String) });
  });

  it('manages functions with the original shapes (runtime names, timeout in seconds)', async () => {
    const { token } = await seedUser('crud');
    const created = await server.http('POST', '/api/v1/functions/', {
      token,
      body: { name: 'stats', runtime: 'javascript', code: README_JAVASCRIPT, route: `/seed-${Date.now()}`, timeout: 5 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'stats', runtime: 'javascript', timeout: 5, version: 1 });
    const id = created.body.id;

    expect((await server.http('GET', `/api/v1/functions/${id}`, { token })).body.id).toBe(id);
    expect((await server.http('GET', '/api/v1/functions/', { token })).body.map((f: { id: string }) => f.id)).toContain(id);
    const updated = await server.http('PUT', `/api/v1/functions/${id}`, { token, body: { timeout: 2.5, runtime: 'python', code: README_PYTHON } });
    expect(updated.body).toMatchObject({ runtime: 'python', timeout: 2.5, version: 2 });

    const exec = await server.http('POST', `/api/v1/execute/${id}`, { token });
    expect(exec.status).toBe(200);
    expect(exec.body).toMatchObject({ status: 'success', output: { sum: 15, average: 3 }, execution_time: expect.any(Number) });

    expect((await server.http('DELETE', `/api/v1/functions/${id}`, { token })).status).toBe(200);
    expect((await server.http('GET', `/api/v1/functions/${id}`, { token })).status).toBe(404);
  });

  it('answers bad input with 400 and the error shape, never 500', async () => {
    const { token } = await seedUser('bad');
    for (const body of ['{not json', '[]', '"text"', JSON.stringify({ name: 'x', runtime: 'ruby', code: 'x' }), JSON.stringify({ name: 'x', runtime: 'python', code: 'x', timeout: 'soon' })]) {
      const res = await server.http('POST', '/api/v1/functions/', { token, body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
      expect(res.body.detail).toBe(res.body.error.message);
    }
    const huge = await server.http('POST', '/api/v1/functions/', { token, body: JSON.stringify({ code: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });

  it("keeps users out of each other's functions (404) and requires credentials (401)", async () => {
    const a = await seedUser('a');
    const b = await seedUser('b');
    const { body } = await server.http('POST', '/api/v1/functions/', { token: a.token, body: { name: 'mine', runtime: 'python', code: README_PYTHON } });
    for (const [method, path] of [['GET', `/api/v1/functions/${body.id}`], ['PUT', `/api/v1/functions/${body.id}`], ['DELETE', `/api/v1/functions/${body.id}`], ['POST', `/api/v1/execute/${body.id}`]] as const) {
      expect((await server.http(method, path, { token: b.token, body: method === 'PUT' ? { name: 'x' } : undefined })).status, `${method} ${path}`).toBe(404);
      expect((await server.http(method, path)).status, `${method} ${path} anonymous`).toBe(401);
    }
  });

  it('answers unknown paths and methods with the error shape', async () => {
    expect((await server.http('GET', '/api/v1/nope')).status).toBe(404);
    expect((await server.http('PATCH', '/api/v1/auth/token')).status).toBe(405);
  });
});

describe('server basics', () => {
  it('answers /healthz with 200 once it can run functions', async () => {
    const res = await server.http('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    // The test engine is local: calls reach the agents over their sockets.
    expect(res.body.agentTransport).toBe('socket');
  });

  it('sends security headers and a request id, and no CORS unless configured', async () => {
    const res = await server.http('GET', '/healthz', { headers: { origin: 'http://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves GraphiQL on GET /graphql', async () => {
    const res = await server.http('GET', '/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
  });

  it('masks unexpected errors and never sends stack traces', async () => {
    const res = await server.gql('{ invocations(after: "!!!") { edges { cursor } } }', {}, (await server.signUp('mask')).token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res)).not.toContain('at ');
  });
});
