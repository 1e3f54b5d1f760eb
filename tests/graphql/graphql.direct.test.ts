import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Plain JSON POSTs are executed through Yoga's envelop directly (server/graphql/graphql.direct.ts);
// anything else goes through Yoga as before. A body with `"extensions": {}` is always Yoga's, so
// sending each operation both ways pins down that the two answer alike, byte for byte.

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = (await server.signUp('gql-direct')).token;
});
afterAll(() => server?.close());

async function bothWays(body: Record<string, unknown>, options: { token?: string; accept?: string } = {}) {
  const headers: Record<string, string> = options.accept ? { accept: options.accept } : {};
  const send = async (payload: Record<string, unknown>) => {
    const res = await server.http('POST', '/graphql', { token: options.token, body: payload, headers });
    return { status: res.status, type: res.headers.get('content-type'), text: res.text };
  };
  const direct = await send(body);
  const viaYoga = await send({ ...body, extensions: {} });
  expect(direct).toEqual(viaYoga);
  return direct;
}

describe('plain GraphQL POSTs answered directly', () => {
  it('answer a query as Yoga does, whatever the client accepts', async () => {
    for (const accept of [undefined, 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', '*/*']) {
      const res = await bothWays({ query: '{ me { id email role } }' }, { token, accept });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).data.me.email).toMatch(/^gql-direct-/);
    }
    expect(JSON.parse((await bothWays({ query: '{ me { id } }', variables: null })).text).data.me).toBeNull();
  });

  it('answer a resolver error with the same code and status', async () => {
    for (const accept of [undefined, 'application/graphql-response+json']) {
      const res = await bothWays({ query: 'query($id: ID!) { function(id: $id) { id } }', variables: { id: 'nope' } }, { token, accept });
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('leave to Yoga what they do not answer: bad documents, variables, credentials and media types', async () => {
    const invalid = await bothWays({ query: '{ noSuchField }' }, { token, accept: 'application/graphql-response+json' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.parse((await bothWays({ query: '{ me { id ' }, { token })).text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badVariable = await bothWays({ query: 'query($id: ID!) { function(id: $id) { id } }', variables: { id: { no: 1 } } }, { token });
    expect(JSON.parse(badVariable.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const twoOperations = 'query A { me { id } } query B { me { email } }';
    expect(JSON.parse((await bothWays({ query: twoOperations, operationName: 'B' }, { token })).text).data.me.email).toMatch(/^gql-direct-/);
    expect(JSON.parse((await bothWays({ query: twoOperations }, { token })).text).errors).toHaveLength(1);
    const badToken = await bothWays({ query: '{ me { id } }' }, { token: 'not-a-token' });
    expect(JSON.parse(badToken.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await bothWays({ query: '{ me { id } }' }, { token, accept: 'text/html' })).status).toBe(406);
    await bothWays({ query: '{ me { id } }' }, { token, accept: 'text/event-stream' });
    const subscription = await bothWays({ query: 'subscription { invocationEvents { type } }' }, { token });
    expect(JSON.parse(subscription.text).errors[0].message).toMatch(/WebSocket/);
  });

  it('run a mutation once', async () => {
    const user = await server.signUp('gql-direct-once');
    const created = await server.http('POST', '/graphql', { token: user.token, body: { query: 'mutation { createApiKey(name: "once") { key } }' } });
    expect(created.body.data.createApiKey.key).toBeTruthy();
    expect((await server.gql('{ apiKeys { id } }', {}, user.token)).data.apiKeys).toHaveLength(1);
  });
});
