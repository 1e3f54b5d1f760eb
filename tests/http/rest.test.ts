import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_JAVASCRIPT, README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

let users = 0;
const PASSWORD = 'password123';

async function seedUser(prefix: string) {
  const username = `${prefix}_${process.pid}_${++users}`;
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const reg = await server.http('POST', '/api/v1/auth/register', { body: { username, email, password: PASSWORD } });
  expect(reg.status).toBe(200);
  expect(reg.body).toMatchObject({ id: expect.any(String), username, email, created_at: expect.any(String) });
  expect(Date.parse(reg.body.created_at)).not.toBeNaN();
  const token = await server.http('POST', '/api/v1/auth/token', { form: { username, password: PASSWORD } });
  expect(token.status).toBe(200);
  expect(token.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });
  return { username, email, token: token.body.access_token as string };
}

const gqlLogin = (login: string, password: string) =>
  server.gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { email username } } }', { e: login, p: password });

describe('seed-compatible /api/v1', () => {
  it('registers and issues tokens for the username or the email, from a form or JSON body', async () => {
    const { username, email } = await seedUser('form');
    for (const login of [email, email.toUpperCase(), username.toUpperCase()]) {
      expect((await server.http('POST', '/api/v1/auth/token', { body: { username: login, password: PASSWORD } })).status, login).toBe(200);
    }
    expect((await server.http('POST', '/api/v1/auth/token', { form: { username: email, password: PASSWORD } })).status).toBe(200);
    for (const login of [username, email, 'nobody_at_all', 'nobody@example.test', '']) {
      const bad = await server.http('POST', '/api/v1/auth/token', { form: { username: login, password: 'nope-nope' } });
      expect(bad.status, login).toBe(401);
      expect(bad.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Incorrect username or password' }, detail: 'Incorrect username or password' });
      expect(bad.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses a taken username (any case) or email, and bad usernames, with 400 and detail', async () => {
    const { username, email } = await seedUser('taken');
    const register = (body: Record<string, unknown>) => server.http('POST', '/api/v1/auth/register', { body: { password: PASSWORD, ...body } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ username: username.toUpperCase(), email: `other-${email}` }, /username already exists/],
      [{ username: `other_${username}`, email: email.toUpperCase() }, /email already exists/],
      [{ email: `fresh-${email}` }, /username is required/],
      [{ username: '   ', email: `fresh-${email}` }, /username is required/],
      [{ username: 'has@sign', email: `fresh-${email}` }, /username may contain only/],
      [{ username: 'has space', email: `fresh-${email}` }, /username may contain only/],
      [{ username: '-dash-first', email: `fresh-${email}` }, /username may contain only/],
      [{ username: 'x'.repeat(65), email: `fresh-${email}` }, /at most 64/],
      [{ username: 42, email: `fresh-${email}` }, /username is required/],
    ];
    for (const [body, message] of cases) {
      const res = await register(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
      expect(res.body.detail).toMatch(message);
    }
    // Nothing above created an account.
    expect((await server.http('POST', '/api/v1/auth/token', { form: { username: `fresh-${email}`, password: PASSWORD } })).status).toBe(401);
  });

  it('keeps GraphQL accounts without a username working (email sign-in), and shows usernames in GraphQL', async () => {
    const plain = await server.signUp('plain');
    expect((await server.http('POST', '/api/v1/auth/token', { form: { username: plain.email, password: 'correct horse battery' } })).status).toBe(200);
    expect((await server.gql('{ me { email username } }', {}, plain.token)).data.me).toEqual({ email: plain.email, username: null });

    const seed = await seedUser('shown');
    expect((await gqlLogin(seed.username, PASSWORD)).data.login.user).toEqual({ email: seed.email, username: seed.username });
  });

  it('throttles failed sign-ins per account, whichever name is used (attack: alternate username and email)', async () => {
    const { username, email } = await seedUser('guess');
    const attempt = (login: string, password: string) => server.http('POST', '/api/v1/auth/token', { form: { username: login, password } });
    // Five wrong guesses spread over both names exhaust the account's allowance...
    for (const login of [username, email, username.toUpperCase(), email, username]) expect((await attempt(login, 'wrong guess')).status).toBe(401);
    // ...so neither name gets more: not even the right password gets through the window.
    for (const login of [email, username]) {
      const res = await attempt(login, PASSWORD);
      expect(res.status, login).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await gqlLogin(username, PASSWORD)).errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('manages functions with the original shapes (runtime names, timeout in seconds)', async () => {
    const { token } = await seedUser('crud');
    const created = await server.http('POST', '/api/v1/functions/', {
      token,
      body: { name: 'stats', runtime: 'javascript', code: README_JAVASCRIPT, route: `/seed-${Date.now()}`, timeout: 5 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'stats', runtime: 'javascript', timeout: 5, version: 1 });
    const id = created.body.id;

    expect((await server.http('GET', `/api/v1/functions/${id}`, { token })).body.id).toBe(id);
    expect((await server.http('GET', '/api/v1/functions/', { token })).body.map((f: { id: string }) => f.id)).toContain(id);
    const updated = await server.http('PUT', `/api/v1/functions/${id}`, { token, body: { timeout: 2.5, runtime: 'python', code: README_PYTHON } });
    expect(updated.body).toMatchObject({ runtime: 'python', timeout: 2.5, version: 2 });

    // The seed's form sends its route box as typed: blanks are no route, a plain name gains its "/".
    expect((await server.http('PUT', `/api/v1/functions/${id}`, { token, body: { route: '   ' } })).body.route).toBeNull();
    expect((await server.http('PUT', `/api/v1/functions/${id}`, { token, body: { route: `Seed-${id.slice(0, 8)}` } })).body.route).toBe(`/seed-${id.slice(0, 8)}`);

    const exec = await server.http('POST', `/api/v1/execute/${id}`, { token });
    expect(exec.status).toBe(200);
    expect(exec.body).toMatchObject({ status: 'success', output: { sum: 15, average: 3 }, execution_time: expect.any(Number) });

    const deleted = await server.http('DELETE', `/api/v1/functions/${id}`, { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.message).toEqual(expect.any(String));
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
