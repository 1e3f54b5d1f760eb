import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../hardening/http.raw.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let admin: Awaited<ReturnType<TestServer['signUp']>>;
const ME = '{ me { id email role } }';
const FUNCTIONS = '{ functions { id } }';
const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

/** A GraphQL request from another loopback address: to the server, another client. */
async function gqlFrom(localAddress: string, query: string, variables: Record<string, unknown>) {
  const res = await rawRequest(`${server.url}/graphql`, { localAddress, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return JSON.parse(res.text);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.signUp('admin');
});
afterAll(() => server?.close());

describe('registration', () => {
  it('makes the first user ADMIN and later users USER', async () => {
    const second = await server.signUp('second');
    expect(admin.role).toBe('ADMIN');
    expect(second.role).toBe('USER');
  });

  it('rejects short passwords, bad emails and duplicates with clear codes', async () => {
    const register = (e: string, p: string) =>
      server.gql('mutation($e:String!,$p:String!){ register(email:$e,password:$p){ token } }', { e, p });
    expect(code(await register('short@example.test', 'seven77'))).toBe('BAD_USER_INPUT');
    expect(code(await register('not-an-email', 'long enough'))).toBe('BAD_USER_INPUT');
    const user = await server.signUp('dup');
    const again = await register(user.email.toUpperCase(), 'long enough');
    expect(code(again)).toBe('CONFLICT');
  });

  it('stores the generated JWT secret with mode 0600', () => {
    const stat = fs.statSync(path.join(server.dataDir, 'jwt-secret'));
    expect(stat.mode & 0o777).toBe(0o600);
  });
});

describe('login', () => {
  it('returns a working token and never reveals whether an email exists', async () => {
    const user = await server.signUp('login');
    const ok = await server.gql('mutation($e:String!){ login(email:$e,password:"correct horse battery"){ token user { email } } }', { e: user.email });
    expect(ok.data.login.user.email).toBe(user.email);
    expect((await server.gql(ME, {}, ok.data.login.token)).data.me.email).toBe(user.email);

    const wrong = await server.gql('mutation($e:String!){ login(email:$e,password:"wrong password"){ token } }', { e: user.email });
    const unknown = await server.gql('mutation{ login(email:"nobody@example.test",password:"wrong password"){ token } }');
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(code(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('throttles repeated failures for one email', async () => {
    const user = await server.signUp('throttle');
    const attempt = () => server.gql('mutation($e:String!){ login(email:$e,password:"bad password"){ token } }', { e: user.email });
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) codes.push(code(await attempt()));
    expect(codes.slice(0, 5).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
  });

  it('verifies at most 5 of 40 concurrent wrong passwords for one email, and still lets the owner in', async () => {
    const victim = await server.signUp('raced');
    const attack = Array.from({ length: 40 }, () => gqlFrom('127.0.0.2', LOGIN, { e: victim.email, p: 'wrong password' }));
    const codes = (await Promise.all(attack)).map(code);
    // Each UNAUTHENTICATED is one password verified; the others were refused before any hashing.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(35);

    const rest = await rawRequest(`${server.url}/api/v1/auth/token`, {
      localAddress: '127.0.0.2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: victim.email, password: 'correct horse battery' }).toString(),
    });
    expect(rest.status).toBe(429);
    expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
    // The attacker's address is locked out of this account; the owner at theirs is not.
    const owner = await gqlFrom('127.0.0.3', LOGIN, { e: victim.email, p: 'correct horse battery' });
    expect(owner.errors).toBeUndefined();
    expect(owner.data.login.token).toBeTruthy();
  });

  it('verifies at most 50 of 60 concurrent wrong passwords across emails from one address', async () => {
    const user = await server.signUp('sprayed');
    const attack = Array.from({ length: 60 }, (_, i) => gqlFrom('127.0.0.4', LOGIN, { e: `spray${i}@example.test`, p: 'wrong password' }));
    const codes = (await Promise.all(attack)).map(code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(50);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(10);
    // That address is refused for any account now; others are not.
    expect(code(await gqlFrom('127.0.0.4', LOGIN, { e: user.email, p: 'correct horse battery' }))).toBe('TOO_MANY_REQUESTS');
    expect((await gqlFrom('127.0.0.5', LOGIN, { e: user.email, p: 'correct horse battery' })).data.login.token).toBeTruthy();
  });
});

describe('tokens', () => {
  it('treats missing credentials as anonymous and bad ones as UNAUTHENTICATED', async () => {
    const user = await server.signUp('tokens');
    const secret = fs.readFileSync(path.join(server.dataDir, 'jwt-secret'), 'utf8');
    const forged = jwt.sign({ role: 'ADMIN' }, 'not the secret', { subject: user.id, algorithm: 'HS256' });
    const expired = jwt.sign({ role: 'USER', exp: Math.floor(Date.now() / 1000) - 60 }, secret, { subject: user.id, algorithm: 'HS256' });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user.id })).toString('base64url')}.`;

    expect((await server.gql(ME)).data.me).toBeNull();
    expect(code(await server.gql(FUNCTIONS))).toBe('UNAUTHENTICATED');
    for (const bad of [forged, expired, none, 'garbage']) {
      const res = await server.gql(FUNCTIONS, {}, bad);
      expect(code(res), bad).toBe('UNAUTHENTICATED');
    }
    const rest = await server.http('GET', '/api/v1/functions/', { token: expired });
    expect(rest.status).toBe(401);
    expect(rest.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('API keys', () => {
  it('are shown once, work like a JWT, are listed without the secret and stop working when revoked', async () => {
    const user = await server.signUp('keys');
    const created = await server.gql('mutation{ createApiKey(name:"ci"){ key apiKey { id name prefix } } }', {}, user.token);
    const { key, apiKey } = created.data.createApiKey;
    expect(key).toMatch(/^fnbox_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    expect((await server.gql(ME, {}, key)).data.me.id).toBe(user.id);
    expect((await server.http('GET', '/api/v1/functions/', { token: key })).status).toBe(200);

    const listed = await server.gql('{ apiKeys { id name prefix lastUsedAt revokedAt } }', {}, user.token);
    expect(listed.data.apiKeys).toHaveLength(1);
    expect(JSON.stringify(listed.data)).not.toContain(key);
    expect(listed.data.apiKeys[0].lastUsedAt).not.toBeNull();

    const other = await server.signUp('keys-other');
    expect(code(await server.gql('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: apiKey.id }, other.token))).toBe('NOT_FOUND');
    expect((await server.gql('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: apiKey.id }, user.token)).data.revokeApiKey).toBe(true);
    expect(code(await server.gql(ME, {}, key))).toBe('UNAUTHENTICATED');
  });
});

describe('administration', () => {
  it('lets only ADMINs list users and change accounts', async () => {
    const regular = await server.signUp('regular');
    expect(code(await server.gql('{ users { id } }'))).toBe('UNAUTHENTICATED');
    expect(code(await server.gql('{ users { id } }', {}, regular.token))).toBe('FORBIDDEN');
    const setRole = 'mutation($id:ID!){ setUserRole(id:$id, role:ADMIN){ role } }';
    expect(code(await server.gql(setRole, { id: regular.id }, regular.token))).toBe('FORBIDDEN');
    const listed = await server.gql('{ users { email role } }', {}, admin.token);
    expect(listed.data.users.map((u: { email: string }) => u.email)).toContain(regular.email);
  });

  it('disables a user so that their tokens and keys stop working at once', async () => {
    const victim = await server.signUp('victim');
    const key = (await server.gql('mutation{ createApiKey(name:"k"){ key } }', {}, victim.token)).data.createApiKey.key;
    const setDisabled = 'mutation($id:ID!,$d:Boolean!){ setUserDisabled(id:$id, disabled:$d){ disabled } }';

    expect((await server.gql(setDisabled, { id: victim.id, d: true }, admin.token)).data.setUserDisabled.disabled).toBe(true);
    expect(code(await server.gql(ME, {}, victim.token))).toBe('UNAUTHENTICATED');
    expect(code(await server.gql(ME, {}, key))).toBe('UNAUTHENTICATED');
    const login = await server.gql('mutation($e:String!){ login(email:$e,password:"correct horse battery"){ token } }', { e: victim.email });
    expect(code(login)).toBe('UNAUTHENTICATED');

    await server.gql(setDisabled, { id: victim.id, d: false }, admin.token);
    expect((await server.gql(ME, {}, victim.token)).data.me.id).toBe(victim.id);
  });

  it('promotes users and never demotes the last administrator', async () => {
    const promoted = await server.signUp('promoted');
    const setRole = 'mutation($id:ID!,$r:Role!){ setUserRole(id:$id, role:$r){ role } }';
    expect(code(await server.gql(setRole, { id: admin.id, r: 'USER' }, admin.token))).toBe('CONFLICT');
    expect((await server.gql(setRole, { id: promoted.id, r: 'ADMIN' }, admin.token)).data.setUserRole.role).toBe('ADMIN');
    expect((await server.gql('{ users { id } }', {}, promoted.token)).data.users.length).toBeGreaterThan(1);
  });
});
