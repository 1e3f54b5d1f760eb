import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiKeyRepository } from '../../server/auth/api-key.repository.js';
import { ApiKeyService } from '../../server/auth/api-key.service.js';
import type { ApiKeyRow } from '../../server/auth/api-key.table.js';
import { CredentialChanges } from '../../server/auth/credential.changes.js';
import type { Viewer } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Resolved API keys are remembered (a client sends the same key on every call); these pin down
// that a revoke, a role change or a disable still holds from the very next request.

const owner: Viewer = { id: 'u1', email: 'u1@example.test', role: 'USER', via: 'jwt' };

function service() {
  const rows = new Map<string, ApiKeyRow>();
  let pending: (() => void) | undefined;
  const repo = {
    insert: vi.fn(async (row: ApiKeyRow) => (rows.set(row.key_hash, row), row)),
    findActiveByHash: vi.fn(async (hash: string) => {
      const row = rows.get(hash);
      const found = row && row.revoked_at === null ? { ...row } : undefined;
      // A test can hold the answer back, as a slow query would be.
      if (pending === null) await new Promise<void>((resolve) => (pending = resolve));
      return found;
    }),
    revoke: vi.fn(async (id: string, userId: string) => {
      const row = [...rows.values()].find((r) => r.id === id && r.user_id === userId && r.revoked_at === null);
      if (row) row.revoked_at = Date.now();
      return !!row;
    }),
    touch: vi.fn(async () => undefined),
  };
  const credentials = new CredentialChanges();
  const apiKeys = new ApiKeyService(repo as unknown as ApiKeyRepository, credentials);
  const holdNextLookUp = () => {
    pending = null as unknown as undefined;
    return () => pending?.();
  };
  return { apiKeys, repo, credentials, holdNextLookUp };
}

describe('API key cache', () => {
  it('looks a key up once, then answers from memory', async () => {
    const { apiKeys, repo } = service();
    const { key } = await apiKeys.create(owner, 'ci');
    for (let i = 0; i < 5; i++) expect(await apiKeys.resolve(key)).toMatchObject({ userId: 'u1' });
    expect(repo.findActiveByHash).toHaveBeenCalledTimes(1);
  });

  it('refuses a revoked key on the very next call', async () => {
    const { apiKeys } = service();
    const { key, apiKey } = await apiKeys.create(owner, 'ci');
    await apiKeys.resolve(key);
    await apiKeys.revoke(owner, apiKey.id);
    await expect(apiKeys.resolve(key)).rejects.toThrow('Invalid API key');
  });

  it('looks the keys of a user up again after any change to their credentials', async () => {
    const { apiKeys, repo, credentials } = service();
    const { key } = await apiKeys.create(owner, 'ci');
    await apiKeys.resolve(key);
    credentials.changed('someone else');
    await apiKeys.resolve(key);
    expect(repo.findActiveByHash).toHaveBeenCalledTimes(1);
    credentials.changed('u1');
    await apiKeys.resolve(key);
    expect(repo.findActiveByHash).toHaveBeenCalledTimes(2);
  });

  it('does not remember a key whose lookup raced its revoke', async () => {
    const { apiKeys, holdNextLookUp } = service();
    const { key, apiKey } = await apiKeys.create(owner, 'ci');
    const release = holdNextLookUp();
    const inFlight = apiKeys.resolve(key); // read the row before the revoke landed
    await apiKeys.revoke(owner, apiKey.id);
    release();
    await inFlight;
    await expect(apiKeys.resolve(key)).rejects.toThrow('Invalid API key');
  });

  it('never remembers an unknown key', async () => {
    const { apiKeys, repo } = service();
    await expect(apiKeys.resolve('fnbox_unknown')).rejects.toThrow('Invalid API key');
    await expect(apiKeys.resolve('fnbox_unknown')).rejects.toThrow('Invalid API key');
    expect(repo.findActiveByHash).toHaveBeenCalledTimes(2);
  });
});

describe('API keys against a running server', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['signUp']>>;
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
  const ME = '{ me { id role } }';
  const newKey = async (token: string) => (await server.gql('mutation{ createApiKey(name:"k"){ key apiKey { id } } }', {}, token)).data.createApiKey;
  const warm = async (key: string) => {
    // Several calls, over both APIs, so the key is certainly remembered before the change.
    for (let i = 0; i < 3; i++) expect((await server.gql(ME, {}, key)).data.me).not.toBeNull();
    expect((await server.http('GET', '/api/v1/functions/', { token: key })).status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.signUp('admin');
  });
  afterAll(() => server?.close());

  it('refuses a revoked key on the very next request, over GraphQL and REST', async () => {
    const user = await server.signUp('revoke');
    const [a, b] = [await newKey(user.token), await newKey(user.token)];
    await warm(a.key);
    await warm(b.key);
    expect((await server.gql('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: a.apiKey.id }, user.token)).data.revokeApiKey).toBe(true);
    expect(code(await server.gql(ME, {}, a.key))).toBe('UNAUTHENTICATED');
    expect((await server.http('GET', '/api/v1/functions/', { token: a.key })).status).toBe(401);
    // The user's other key is untouched.
    expect((await server.gql(ME, {}, b.key)).data.me.id).toBe(user.id);
  });

  it('sees a demoted user as USER on the very next request', async () => {
    const user = await server.signUp('demote');
    const setRole = 'mutation($id:ID!,$r:Role!){ setUserRole(id:$id, role:$r){ role } }';
    await server.gql(setRole, { id: user.id, r: 'ADMIN' }, admin.token);
    const { key } = await newKey(user.token);
    await warm(key);
    expect((await server.gql('{ users { id } }', {}, key)).data.users.length).toBeGreaterThan(1);
    expect((await server.gql(setRole, { id: user.id, r: 'USER' }, admin.token)).data.setUserRole.role).toBe('USER');
    expect((await server.gql(ME, {}, key)).data.me.role).toBe('USER');
    expect(code(await server.gql('{ users { id } }', {}, key))).toBe('FORBIDDEN');
  });

  it('refuses a disabled user\'s key on the very next request, and accepts it again once enabled', async () => {
    const user = await server.signUp('disable');
    const setDisabled = 'mutation($id:ID!,$d:Boolean!){ setUserDisabled(id:$id, disabled:$d){ disabled } }';
    const { key } = await newKey(user.token);
    await warm(key);
    await server.gql(setDisabled, { id: user.id, d: true }, admin.token);
    expect(code(await server.gql(ME, {}, key))).toBe('UNAUTHENTICATED');
    expect((await server.http('GET', '/api/v1/functions/', { token: key })).status).toBe(401);
    await server.gql(setDisabled, { id: user.id, d: false }, admin.token);
    expect((await server.gql(ME, {}, key)).data.me.id).toBe(user.id);
  });

  it('tells onCredentialsChanged listeners the user of each revoke, role change and disable', async () => {
    const user = await server.signUp('hook');
    const heard: string[] = [];
    const stop = server.app.services.auth.onCredentialsChanged((userId) => heard.push(userId));
    const { apiKey } = await newKey(user.token);
    await server.gql('mutation($id:ID!){ revokeApiKey(id:$id) }', { id: apiKey.id }, user.token);
    await server.gql('mutation($id:ID!){ setUserRole(id:$id, role:ADMIN){ role } }', { id: user.id }, admin.token);
    await server.gql('mutation($id:ID!){ setUserDisabled(id:$id, disabled:true){ disabled } }', { id: user.id }, admin.token);
    stop();
    await server.gql('mutation($id:ID!){ setUserDisabled(id:$id, disabled:false){ disabled } }', { id: user.id }, admin.token);
    expect(heard).toEqual([user.id, user.id, user.id]);
  });
});
