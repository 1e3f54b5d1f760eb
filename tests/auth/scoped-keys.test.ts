import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient } from '../live/ws.client.js';

// Scoped API keys (issue 17 item 3): each test performs the attack a leaked scoped key would
// (CI's invoke-only key, a key meant for one function, a key past its expiry) on every API.

const CODE = 'def handler(event):\n    return {"ok": True}\n';
const CREATE_KEY = `mutation($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {
  createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) { key apiKey { id invokeOnly functions expiresAt } }
}`;

describe('scoped API keys', () => {
  let server: TestServer;
  let owner: { token: string; id: string };
  let alpha: string;
  let beta: string;

  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
  const mintKey = async (variables: Record<string, unknown>) => {
    const res = await server.gql(CREATE_KEY, { name: 'scoped', ...variables }, owner.token);
    expect(res.errors).toBeUndefined();
    return res.data.createApiKey as { key: string; apiKey: { id: string; invokeOnly: boolean; functions: string[] | null; expiresAt: string | null } };
  };
  const create = async (name: string, route: string) => {
    const res = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name, runtime: 'PYTHON', code: CODE, route } }, owner.token);
    expect(res.errors).toBeUndefined();
    return res.data.createFunction.id as string;
  };
  const invoke = (id: string, token: string) => server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status result } }', { id }, token);

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.signUp('scoped');
    alpha = await create('alpha', '/scoped-alpha');
    beta = await create('beta', '/scoped-beta');
  });
  afterAll(() => server?.close());

  it('shows a key its scope and expiry', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const { apiKey } = await mintKey({ invokeOnly: true, functions: ['alpha'], expiresAt });
    expect(apiKey).toMatchObject({ invokeOnly: true, functions: ['alpha'], expiresAt });
    const listed = await server.gql('{ apiKeys { id invokeOnly functions expiresAt } }', {}, owner.token);
    expect(listed.data.apiKeys.find((k: { id: string }) => k.id === apiKey.id)).toMatchObject({ invokeOnly: true, functions: ['alpha'] });
    expect(code(await server.gql(CREATE_KEY, { name: 'past', expiresAt: new Date(Date.now() - 1000).toISOString() }, owner.token))).toBe('BAD_USER_INPUT');
  });

  it('an invoke-only key invokes, and cannot read or change anything', async () => {
    const { key } = await mintKey({ invokeOnly: true });
    const ran = await invoke(alpha, key);
    expect(ran.errors).toBeUndefined();
    expect(ran.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: { ok: true } });
    expect((await invoke('alpha', key)).data.invokeFunction.status).toBe('SUCCESS'); // by name: it cannot list ids
    const route = await server.http('POST', '/fn/scoped-alpha', { token: key, body: {} });
    expect(route.status).toBe(200);

    const attacks: [string, Record<string, unknown>][] = [
      ['mutation($id: ID!) { updateFunction(id: $id, input: { code: "def handler(): return 1" }) { id } }', { id: alpha }],
      ['mutation($id: ID!) { deleteFunction(id: $id) }', { id: alpha }],
      ['mutation { createFunction(input: { name: "planted", runtime: PYTHON, code: "def handler(): return 1" }) { id } }', {}],
      ['{ secrets { name } }', {}],
      ['mutation { setSecret(name: "TOKEN", value: "x") { name } }', {}],
      ['mutation { deleteSecret(name: "TOKEN") }', {}],
      ['{ functions { id code env } }', {}],
      ['query($id: ID!) { function(id: $id) { code env } }', { id: alpha }],
      ['query($id: ID!) { invocations(functionId: $id) { edges { node { logs } } } }', { id: alpha }],
      ['mutation($id: ID!) { createSchedule(functionId: $id, input: { expression: "rate(1 minute)" }) { id } }', { id: alpha }],
      ['mutation { createApiKey(name: "wider") { key } }', {}],
      ['{ apiKeys { id } }', {}],
      ['mutation($id: ID!) { setAlias(functionId: $id, name: "live", version: 1) { name } }', { id: alpha }],
      ['mutation($id: ID!) { rollbackFunction(id: $id, version: 1) { version } }', { id: alpha }],
    ];
    for (const [query, variables] of attacks) expect(code(await server.gql(query, variables, key)), query).toBe('FORBIDDEN');

    expect((await server.http('PUT', `/api/v1/functions/${alpha}`, { token: key, body: { code: 'def handler(): return 1' } })).status).toBe(403);
    expect((await server.http('DELETE', `/api/v1/functions/${alpha}`, { token: key })).status).toBe(403);
    expect((await server.http('GET', '/api/v1/functions/', { token: key })).status).toBe(403);
    expect((await server.http('GET', `/api/v1/metrics/function/${alpha}`, { token: key })).status).toBe(403);
    const still = await server.gql('query($id: ID!) { function(id: $id) { version } }', { id: alpha }, owner.token);
    expect(still.data.function.version).toBe(1);

    const client = wsClient(server.url, key);
    try {
      const events = subscribe(client, 'subscription($id: ID) { invocationEvents(functionId: $id) { type } }', { id: alpha });
      await events.ended;
      expect(events.data).toEqual([]);
      expect(JSON.stringify([events.failure, events.results])).toContain('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('a key for function alpha cannot invoke beta on any API', async () => {
    const { key } = await mintKey({ functions: ['alpha'] });
    expect((await invoke(alpha, key)).data.invokeFunction.status).toBe('SUCCESS');
    expect(code(await invoke(beta, key))).toBe('FORBIDDEN');
    expect(code(await server.gql('mutation($id: ID!) { invokeFunctionAsync(id: $id) { id } }', { id: beta }, key))).toBe('FORBIDDEN');
    expect((await server.http('POST', '/fn/scoped-beta', { token: key, body: {} })).status).toBe(403);
    expect((await server.http('POST', `/api/v1/execute/${beta}`, { token: key, body: {} })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/execute/beta', { token: key, body: {} })).status).toBe(403);
    expect((await server.http('POST', '/api/v1/execute/alpha', { token: key, body: {} })).status).toBe(200);
    // Not invoke-only: it may manage alpha, and only alpha.
    expect(code(await server.gql('mutation($id: ID!) { updateFunction(id: $id, input: { timeoutMs: 5000 }) { id } }', { id: beta }, key))).toBe('FORBIDDEN');
    expect(code(await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id: beta }, key))).toBe('FORBIDDEN');
    expect(code(await server.gql('mutation($id: ID!) { rollbackFunction(id: $id, version: 1) { version } }', { id: beta }, key))).toBe('FORBIDDEN');
    expect(code(await server.gql('mutation($id: ID!) { setAlias(functionId: $id, name: "live", version: 1) { name } }', { id: beta }, key))).toBe('FORBIDDEN');
    // Named instead of by id, beta is still beta.
    expect(code(await invoke('beta', key))).toBe('FORBIDDEN');
    const updated = await server.gql('mutation($id: ID!) { updateFunction(id: $id, input: { timeoutMs: 5000 }) { timeoutMs } }', { id: alpha }, key);
    expect(updated.data.updateFunction.timeoutMs).toBe(5000);
    const client = wsClient(server.url, key);
    try {
      const tail = subscribe(client, 'subscription($id: ID!) { functionLogs(functionId: $id) { text } }', { id: beta });
      await tail.ended;
      expect(JSON.stringify([tail.failure, tail.results])).toContain('FORBIDDEN');
    } finally {
      await client.dispose();
    }
    // Nor can it mint itself a wider key.
    expect(code(await server.gql('mutation { createApiKey(name: "wider") { key } }', {}, key))).toBe('FORBIDDEN');
  });

  it("a key for function alpha reads and manages alpha's builds, aliases, versions, concurrency and live logs, and none of beta's", async () => {
    const { key } = await mintKey({ functions: ['alpha'] });
    const READ = 'query($id: ID!) { function(id: $id) { version liveVersion build { status } versions { version build { status } } aliases { name version } concurrency provisionedConcurrency } }';
    const own = await server.gql(READ, { id: alpha }, key);
    expect(own.errors).toBeUndefined();
    expect(own.data.function).toMatchObject({ build: null, aliases: [] });
    expect(own.data.function.versions.map((v: { build: unknown }) => v.build)).toEqual(own.data.function.versions.map(() => null));
    expect(code(await server.gql(READ, { id: beta }, key))).toBe('FORBIDDEN');

    const SET_ALIAS = 'mutation($id: ID!) { setAlias(functionId: $id, name: "stable", version: 1) { name version } }';
    expect((await server.gql(SET_ALIAS, { id: alpha }, key)).data.setAlias).toEqual({ name: 'stable', version: 1 });
    const DELETE_ALIAS = 'mutation($id: ID!) { deleteAlias(functionId: $id, name: "stable") }';
    expect(code(await server.gql(DELETE_ALIAS, { id: beta }, key))).toBe('FORBIDDEN');
    expect((await server.gql(DELETE_ALIAS, { id: alpha }, key)).data.deleteAlias).toBe(true);

    const CONCURRENCY = 'mutation($id: ID!) { setFunctionConcurrency(id: $id, input: { concurrency: 3 }) { concurrency } }';
    expect(code(await server.gql(CONCURRENCY, { id: beta }, key))).toBe('FORBIDDEN');
    const betaAfter = await server.gql('query($id: ID!) { function(id: $id) { concurrency } }', { id: beta }, owner.token);
    expect(betaAfter.data.function.concurrency).toBeNull();
    expect((await server.gql(CONCURRENCY, { id: alpha }, key)).data.setFunctionConcurrency.concurrency).toBe(3);

    // An invoke-only key sets nothing, not even for the function it may invoke.
    const invokeOnly = (await mintKey({ invokeOnly: true, functions: ['alpha'] })).key;
    expect(code(await server.gql(CONCURRENCY, { id: alpha }, invokeOnly))).toBe('FORBIDDEN');
    expect(code(await server.gql(SET_ALIAS, { id: alpha }, invokeOnly))).toBe('FORBIDDEN');
    expect(code(await server.gql(READ, { id: alpha }, invokeOnly))).toBe('FORBIDDEN');

    const client = wsClient(server.url, key);
    const refused = wsClient(server.url, invokeOnly);
    try {
      const ownBuilds = subscribe(client, 'subscription($id: ID!) { buildLog(functionId: $id) { status } }', { id: alpha });
      const ownLogs = subscribe(client, 'subscription($id: ID!) { functionLogs(functionId: $id) { text } }', { id: alpha });
      const otherBuilds = subscribe(client, 'subscription($id: ID!) { buildLog(functionId: $id) { status } }', { id: beta });
      await otherBuilds.ended;
      expect(JSON.stringify([otherBuilds.failure, otherBuilds.results])).toContain('FORBIDDEN');
      const invokeOnlyBuilds = subscribe(refused, 'subscription($id: ID!) { buildLog(functionId: $id) { status } }', { id: alpha });
      await invokeOnlyBuilds.ended;
      expect(JSON.stringify([invokeOnlyBuilds.failure, invokeOnlyBuilds.results])).toContain('FORBIDDEN');
      // alpha's streams stay open and deliver: its logs while it runs (code the key may change).
      const PRINTS = 'def handler(event):\n    print("from alpha")\n    return {"ok": True}\n';
      expect((await server.gql('mutation($id: ID!, $c: String!) { updateFunction(id: $id, input: { code: $c }) { id } }', { id: alpha, c: PRINTS }, key)).errors).toBeUndefined();
      expect((await invoke(alpha, key)).data.invokeFunction.status).toBe('SUCCESS');
      await ownLogs.until((s) => s.results.length > 0);
      expect(ownLogs.results[0]!.errors).toBeUndefined();
      expect(JSON.stringify(ownLogs.data)).toContain('from alpha');
      expect(ownBuilds.failure).toBeUndefined();
      expect(ownBuilds.results).toEqual([]);
      ownBuilds.dispose();
      ownLogs.dispose();
    } finally {
      await client.dispose();
      await refused.dispose();
    }
  });

  it('an expired key stops working, even after it was remembered', async () => {
    // Far enough ahead that minting it and the first call finish before, even on a loaded machine.
    const expiresAt = Date.now() + 10_000;
    const { key } = await mintKey({ expiresAt: new Date(expiresAt).toISOString() });
    const before = await server.gql('{ me { id } }', {}, key);
    expect(before.data.me.id).toBe(owner.id);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    expect(code(await server.gql('{ me { id } }', {}, key))).toBe('UNAUTHENTICATED');
    expect((await server.http('POST', '/fn/scoped-alpha', { token: key, body: {} })).status).toBe(401);
    expect((await server.http('GET', '/api/v1/functions/', { token: key })).status).toBe(401);
    const client = wsClient(server.url, key);
    try {
      const events = subscribe(client, 'subscription { invocationEvents { type } }');
      await events.ended;
      expect(events.data).toEqual([]);
      expect(events.failure).toBeDefined();
    } finally {
      await client.dispose();
    }
  });
});
