/**
 * Tenant isolation, derived from the schema and the router: every field or route that takes
 * an id is run by one user against another user's ids and must answer NOT_FOUND/FORBIDDEN
 * without leaking anything. New fields and routes are covered without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/graphql/schema.js';
import type { Router } from '../../server/http/router.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { buildOperation, idTakingNestedFields, idTakingRootFields } from './graphql.generator.js';

type User = Awaited<ReturnType<TestServer['signUp']>>;

/**
 * Fields deliberately not probed by the generator, each with the reason. Anything the
 * generator cannot handle and is not listed here fails the suite.
 */
const ALLOWLIST: Record<string, string> = {};
const DENIED = ['NOT_FOUND', 'FORBIDDEN'];

let server: TestServer;
let router: Router | undefined;
let victim: User;
let attacker: User;
const ids: Record<'function' | 'invocation' | 'apiKey' | 'user', string> = { function: '', invocation: '', apiKey: '', user: '' };
/** Strings that must never reach the attacker (besides the id the attacker passed). */
let secrets: string[] = [];
const marker = `m${process.pid}${Date.now()}`;

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) => (errors ?? []).map((e) => String(e.extensions?.code));
function expectNoLeak(text: string, passedId: string, label: string) {
  for (const secret of secrets) if (secret !== passedId) expect(text.includes(secret), `${label} leaks ${secret}`).toBe(false);
}

beforeAll(async () => {
  server = await startTestServer({}, { routes: [(r) => void (router = r)] });
  await server.signUp('admin'); // the first user is ADMIN: neither victim nor attacker
  victim = await server.signUp('victim');
  attacker = await server.signUp('attacker');
  const route = `/victim-${marker}`;
  const code = `def handler(event, context):\n    return {"secret": "result-${marker}"}  # code-${marker}\n`;
  const created = await server.gql(
    'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }',
    { i: { name: `name-${marker}`, runtime: 'PYTHON', code, route, env: { SECRET: `env-${marker}` } } },
    victim.token,
  );
  ids.function = created.data.createFunction.id;
  const invoked = await server.gql('mutation($id: ID!) { invokeFunction(id: $id, input: {q: "input-secret"}) { id status } }', { id: ids.function }, victim.token);
  expect(invoked.data.invokeFunction.status).toBe('SUCCESS');
  ids.invocation = invoked.data.invokeFunction.id;
  const key = await server.gql(`mutation { createApiKey(name: "key-${marker}") { key apiKey { id prefix } } }`, {}, victim.token);
  ids.apiKey = key.data.createApiKey.apiKey.id;
  ids.user = victim.id;
  secrets = [...Object.values(ids), victim.email, victim.token, key.data.createApiKey.key, key.data.createApiKey.apiKey.prefix, `name-${marker}`, `code-${marker}`, `env-${marker}`, `result-${marker}`, `key-${marker}`, route, 'input-secret'];
});
afterAll(() => server?.close());

const targets = idTakingRootFields(schema);
const queriesAndMutations = targets.filter((t) => t.kind !== 'subscription' && !(t.coordinate in ALLOWLIST));
const subscriptions = targets.filter((t) => t.kind === 'subscription' && !(t.coordinate in ALLOWLIST));

describe('schema coverage', () => {
  it('finds the id-taking fields (sanity: the known ones are among them)', () => {
    const names = targets.map((t) => t.coordinate);
    for (const known of ['Query.function', 'Query.invocation', 'Query.invocations', 'Mutation.updateFunction', 'Mutation.deleteFunction', 'Mutation.invokeFunction', 'Mutation.revokeApiKey', 'Subscription.functionMetrics', 'Subscription.invocationEvents']) {
      expect(names).toContain(known);
    }
  });

  it('has no id-taking field below the root that this suite does not probe', () => {
    // Only root fields are generated; a nested field with an ID argument needs a decision.
    expect(idTakingNestedFields(schema).filter((c) => !(c in ALLOWLIST))).toEqual([]);
  });

  it('keeps the allowlist to fields that exist', () => {
    for (const coordinate of Object.keys(ALLOWLIST)) expect(targets.map((t) => t.coordinate).concat(idTakingNestedFields(schema))).toContain(coordinate);
  });
});

describe.each(queriesAndMutations.map((t) => [t.coordinate, t] as const))('GraphQL %s as another user', (_name, target) => {
  it.each(['function', 'invocation', 'apiKey', 'user'] as const)("is NOT_FOUND/FORBIDDEN for the victim's %s id, leaking nothing", async (kind) => {
    const { query, variables } = buildOperation(schema, target, ids[kind]);
    const res = await server.http('POST', '/graphql', { token: attacker.token, body: { query, variables } });
    expect(res.status, res.text).toBeLessThan(500);
    const errors = res.body.errors as { extensions?: Record<string, unknown> }[] | undefined;
    expect(codes(errors).length, `${query}\n${res.text}`).toBeGreaterThan(0);
    for (const c of codes(errors)) expect(DENIED, `${query}\n${res.text}`).toContain(c);
    expect(res.body.data?.[target.field.name] ?? null).toBeNull();
    expectNoLeak(res.text, ids[kind], target.coordinate);
  });
});

describe.each(subscriptions.map((t) => [t.coordinate, t] as const))('subscription %s as another user', (_name, target) => {
  it.each(['function', 'invocation'] as const)("errors or stays silent for the victim's %s id while the victim invokes", async (kind) => {
    const { query, variables } = buildOperation(schema, target, ids[kind]);
    const client = wsClient(server.url, attacker.token);
    try {
      const sub = subscribe(client, query, variables);
      await new Promise((r) => setTimeout(r, 300));
      await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: ids.function }, victim.token);
      await Promise.race([sub.ended, new Promise((r) => setTimeout(r, 1500))]);
      const failure = sub.failure as { extensions?: Record<string, unknown> }[] | undefined;
      const sent = [...sub.results.flatMap((r) => codes(r.errors as never)), ...(Array.isArray(failure) ? codes(failure) : [])];
      expect(sub.data, JSON.stringify(sub.results)).toEqual([]);
      if (failure !== undefined && !Array.isArray(failure)) throw new Error(`socket closed instead of an operation error: ${String(failure)}`);
      for (const c of sent) expect(DENIED).toContain(c);
      expect(sent.length > 0 || !sub.completed).toBe(true);
      expectNoLeak(JSON.stringify([sub.results, failure]), ids[kind], target.coordinate);
      sub.dispose();
    } finally {
      await client.dispose();
    }
  });
});

describe('subscriptions without an id', () => {
  it("deliver nothing of the victim's functions or invocations", async () => {
    const client = wsClient(server.url, attacker.token);
    try {
      const events = subscribe(client, 'subscription { invocationEvents { type invocation { id functionId result logs } } }');
      const fnEvents = subscribe(client, 'subscription { functionEvents { type function { id name code } } }');
      // Positive control: the same subscription as the victim does see the events.
      const own = wsClient(server.url, victim.token);
      const control = subscribe(own, 'subscription { invocationEvents { type } }');
      // No acknowledgement per subscription in graphql-ws: the victim invokes until their own relays one.
      for (let attempt = 0; attempt < 50 && control.data.length === 0; attempt++) {
        await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: ids.function }, victim.token);
        await Promise.race([control.until((c) => c.data.length > 0), new Promise((r) => setTimeout(r, 200))]);
      }
      // Now subscribed: one more call relays both its events to the victim (the first one seen
      // may have been a FINISHED whose STARTED went out before the subscription did).
      const seen = control.data.length;
      await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: ids.function }, victim.token);
      await server.gql('mutation($id: ID!) { updateFunction(id: $id, input: {timeoutMs: 20000}) { version } }', { id: ids.function }, victim.token);
      await new Promise((r) => setTimeout(r, 1000));
      await control.until((c) => c.data.length >= seen + 2);
      control.dispose();
      await own.dispose();
      expect(events.results).toEqual([]);
      expect(fnEvents.results).toEqual([]);
      events.dispose();
      fnEvents.dispose();
    } finally {
      await client.dispose();
    }
  });
});

describe('REST routes with an :id as another user', () => {
  const restRoutes = () => (router?.list() ?? []).filter((r) => /^\/(api\/v1|fn)\//.test(r.path) && r.path.includes('/:'));

  it('finds the id routes (sanity)', () => {
    const paths = restRoutes().map((r) => `${r.method} ${r.path}`);
    for (const known of ['GET /api/v1/functions/:id', 'PUT /api/v1/functions/:id', 'DELETE /api/v1/functions/:id', 'POST /api/v1/execute/:id', 'GET /api/v1/metrics/:id']) {
      expect(paths).toContain(known);
    }
  });

  it('answers 404/403 for every route and every kind of foreign id, leaking nothing', async () => {
    for (const { method, path } of restRoutes()) {
      for (const kind of ['function', 'invocation', 'apiKey', 'user'] as const) {
        const url = path.replace(/:[A-Za-z_]+/g, encodeURIComponent(ids[kind]));
        const methods = method === '*' ? ['GET', 'POST', 'PUT', 'DELETE'] : [method];
        for (const m of methods) {
          const body = m === 'GET' || m === 'DELETE' ? undefined : { name: 'pwned', code: 'pwned', runtime: 'python' };
          const res = await server.http(m, url, { token: attacker.token, body });
          expect([403, 404], `${m} ${url}: ${res.text}`).toContain(res.status);
          expect(DENIED).toContain(res.body?.error?.code);
          expectNoLeak(res.text, ids[kind], `${m} ${path}`);
        }
      }
    }
  });

  it("refuses the victim's route through the /fn shim with 403, leaking nothing", async () => {
    const route = secrets.find((s) => s.startsWith('/victim-'))!;
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await server.http(m, `/fn${route}/sub?x=1`, { token: attacker.token, body: m === 'GET' || m === 'DELETE' ? undefined : { a: 1 } });
      expect(res.status, res.text).toBe(403);
      expectNoLeak(res.text, '', `${m} /fn`);
    }
  });
});

describe('afterwards', () => {
  it("left the victim's function, invocation and API key untouched", async () => {
    const res = await server.gql(
      'query($f: ID!, $i: ID!) { function(id: $f) { name code env version } invocation(id: $i) { status } apiKeys { id revokedAt } }',
      { f: ids.function, i: ids.invocation },
      victim.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.function.name).toBe(`name-${marker}`);
    expect(res.data.function.env).toEqual({ SECRET: `env-${marker}` });
    expect(res.data.function.version).toBe(2); // the victim's own update above, nothing else
    expect(res.data.invocation.status).toBe('SUCCESS');
    expect(res.data.apiKeys.find((k: { id: string }) => k.id === ids.apiKey).revokedAt).toBeNull();
  });
});
