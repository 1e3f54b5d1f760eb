/**
 * Secrets stay secret: password hashes, API-key hashes, the JWT secret and the secrets key never
 * appear in any API output (every query field, as owner and as admin) nor in the logs at debug level; the
 * Authorization header and credentials are redacted; env values are the owner's alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/graphql/schema.js';
import { createLogger } from '../../server/logger.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { buildOperation, type IdField } from './graphql.generator.js';

const PASSWORD = 'correct horse battery';
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

let server: TestServer;
let admin: Awaited<ReturnType<TestServer['signUp']>>;
let owner: Awaited<ReturnType<TestServer['signUp']>>;
let apiKey: string;
let fnId: string;
let invocationId: string;
const envValue = `env-value-${process.pid}-${Date.now()}`;
const outputs: { label: string; text: string }[] = [];

/** Hashes, the signing secret and the secrets key, read from where the server keeps them. */
function storedSecrets(): string[] {
  const db = new SQLite(path.join(server.dataDir, 'fnbox.sqlite'), { readonly: true });
  try {
    const users = db.prepare('SELECT password_hash FROM users').all() as { password_hash: string }[];
    const keys = db.prepare('SELECT key_hash FROM api_keys').all() as { key_hash: string }[];
    return [...users.map((u) => u.password_hash), ...keys.map((k) => k.key_hash), fs.readFileSync(path.join(server.dataDir, 'jwt-secret'), 'utf8').trim(), fs.readFileSync(path.join(server.dataDir, 'secrets-key'), 'utf8').trim()];
  } finally {
    db.close();
  }
}

async function record(label: string, request: Promise<{ text: string }>) {
  const res = await request;
  outputs.push({ label, text: res.text });
  return res;
}

beforeAll(async () => {
  server = await startTestServer({}, { logger: createLogger('debug', sink) });
  admin = await server.signUp('admin');
  owner = await server.signUp('owner');
  const key = await server.gql('mutation { createApiKey(name: "ci") { key } }', {}, owner.token);
  apiKey = key.data.createApiKey.key;
  const created = await server.gql(
    'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }',
    { i: { name: 'secretive', runtime: 'PYTHON', route: `/secretive-${process.pid}`, env: { TOKEN: envValue }, code: 'def handler(event, context):\n    return {"ok": True}\n' } },
    owner.token,
  );
  fnId = created.data.createFunction.id;
  // Every way in, each with credentials in the Authorization header (JWT and API key).
  const invoked = await record('invoke', server.http('POST', '/graphql', { token: apiKey, body: { query: `mutation { invokeFunction(id: "${fnId}", input: {a: 1}) { id status } }` } }));
  invocationId = JSON.parse(invoked.text).data.invokeFunction.id;
  await record('execute', server.http('POST', `/api/v1/execute/${fnId}`, { token: owner.token, body: { a: 1 } }));
  await record('route', server.http('POST', `/fn/secretive-${process.pid}`, { token: apiKey, body: { a: 1 }, headers: { cookie: 'session=cookie-secret' } }));
  await record('login', server.http('POST', '/api/v1/auth/token', { form: { username: owner.email, password: PASSWORD } }));
  await record('bad login', server.http('POST', '/graphql', { body: { query: `mutation { login(email: "${owner.email}", password: "wrong-${PASSWORD}") { token } }` } }));
  await record('bad token', server.http('GET', '/api/v1/functions/', { token: `${owner.token}x` }));
  await record('rest list', server.http('GET', '/api/v1/functions/', { token: apiKey }));
  await record('rest get', server.http('GET', `/api/v1/functions/${fnId}`, { token: owner.token }));
  await record('metrics', server.http('GET', `/api/v1/metrics/${fnId}`, { token: owner.token }));
  await record('prometheus', server.http('GET', '/metrics'));
  const client = wsClient(server.url, apiKey);
  const sub = subscribe(client, `subscription { functionMetrics(functionId: "${fnId}") { invocations } }`);
  await sub.until((s) => s.results.length > 0);
  outputs.push({ label: 'ws', text: JSON.stringify(sub.results) });
  sub.dispose();
  await client.dispose();
});
afterAll(() => server?.close());

/** Every root query field, ids filled with the owner's: the widest read of the API. */
function everyQuery(): { coordinate: string; query: string; variables: Record<string, unknown> }[] {
  return Object.values(schema.getQueryType()!.getFields()).map((field) => {
    const target: IdField = { kind: 'query', coordinate: `Query.${field.name}`, field };
    return { coordinate: target.coordinate, ...buildOperation(schema, target, field.name.startsWith('invocation') ? invocationId : fnId, 4) };
  });
}

describe('API output', () => {
  it('never contains password hashes, API-key hashes, the JWT secret, passwords or the API key', async () => {
    for (const viewer of [owner, admin]) {
      for (const { coordinate, query, variables } of everyQuery()) {
        const res = await record(`${coordinate} as ${viewer.role}`, server.http('POST', '/graphql', { token: viewer.token, body: { query, variables } }));
        expect(res.text.includes('INTERNAL_SERVER_ERROR'), `${coordinate}: ${res.text.slice(0, 300)}`).toBe(false);
      }
    }
    // Not 'cookie-secret': a route's cookies are its function's (issue 14), so they reach its event
    // and the owner's invocation record; they still never reach the logs (below).
    const forbidden = [...storedSecrets(), PASSWORD, apiKey];
    expect(forbidden.length).toBeGreaterThanOrEqual(5);
    for (const { label, text } of outputs) for (const secret of forbidden) expect(text.includes(secret), `${label} contains a secret`).toBe(false);
  });

  it("shows env values to the function's owner only (an ADMIN sees null)", async () => {
    const query = `{ function(id: "${fnId}") { env } functions { id env } }`;
    const mine = await server.gql(query, {}, owner.token);
    expect(mine.data.function.env).toEqual({ TOKEN: envValue });
    const theirs = await server.gql(query, {}, admin.token);
    expect(theirs.data.function.env).toBeNull();
    expect(theirs.data.functions.find((f: { id: string }) => f.id === fnId).env).toBeNull();
    const seed = await server.http('GET', `/api/v1/functions/${fnId}`, { token: admin.token });
    expect(seed.text.includes(envValue)).toBe(false);
  });
});

describe('logs', () => {
  it('were written at debug level (the scan below has something to scan)', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('"level":20'))).toBe(true);
  });

  it('never contain hashes, the JWT secret, passwords, tokens, the API key, cookies or env values', () => {
    const forbidden = [...storedSecrets(), PASSWORD, owner.token, admin.token, apiKey, `Bearer ${apiKey}`, 'cookie-secret', envValue];
    for (const line of lines) for (const secret of forbidden) expect(line.includes(secret), `log line leaks a secret: ${line.slice(0, 200)}`).toBe(false);
  });

  it('redact credentials wherever a log call puts them', () => {
    const captured: string[] = [];
    const logger = createLogger('debug', new Writable({ write: (c: Buffer, _e, done) => (captured.push(c.toString()), done()) }));
    logger.info({ req: { headers: { authorization: 'Bearer A1', cookie: 'C1' } } }, 'request');
    logger.info({ headers: { authorization: 'Bearer A2' }, request: { headers: { authorization: 'Bearer A3' } } }, 'fetch');
    logger.info({ password: 'P1', token: 'T1', user: { password_hash: 'H1', passwordHash: 'H2' }, apiKey: { key_hash: 'H3', key: 'K1' } }, 'rows');
    logger.info({ config: { jwtSecret: 'S1', metricsToken: 'M1' }, fn: { env: { A: 'E1' } }, connectionParams: { authorization: 'Bearer A4' } }, 'config');
    const text = captured.join('');
    for (const secret of ['A1', 'C1', 'A2', 'A3', 'P1', 'T1', 'H1', 'H2', 'H3', 'K1', 'S1', 'M1', 'E1', 'A4']) expect(text, secret).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
