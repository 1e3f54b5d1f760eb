import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

// GraphQL POSTs are answered through Yoga's fetch handler with the body the HTTP server already
// read, and repeated operations come from a parse and validation cache. These pin down that
// the answers, limits and headers stay what they were.

let server: TestServer;
let token: string;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

beforeAll(async () => {
  server = await startTestServer({ queryLimits: { maxDepth: 12, maxFields: 50 } });
  token = (await server.signUp('gql-http')).token;
});
afterAll(() => server?.close());

describe('GraphQL over HTTP POST', () => {
  it('refuses an over-limit operation every time it is sent, not just the first', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await server.gql(aliases(51), {}, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/selects 51 fields; the maximum is 50/);
      expect(res.data).toBeUndefined();
    }
    expect((await server.gql(aliases(50), {}, token)).errors).toBeUndefined();
  });

  it('refuses a malformed operation every time, with BAD_USER_INPUT', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await server.gql('{ me { id ', {}, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers the same operation with different variables and callers correctly', async () => {
    const other = await server.signUp('gql-http-other');
    const query = 'query($id: ID!) { function(id: $id) { id } }';
    for (const caller of [token, other.token]) {
      const res = await server.gql(query, { id: 'no-such-function' }, caller);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect((await server.gql('{ me { id } }', {}, other.token)).data.me.id).toBe(other.id);
    expect((await server.gql('{ me { id } }')).data.me).toBeNull();
  });

  it('keeps the server headers and answers with one well-formed JSON body', async () => {
    const res = await server.http('POST', '/graphql', { token, body: { query: '{ me { id } }' }, headers: { 'x-request-id': 'gql-http-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('gql-http-1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
    expect(res.body.data.me.id).toBeTruthy();
  });

  it('keeps Yoga\'s status codes: 400 for an invalid operation when the client accepts graphql-response+json', async () => {
    const res = await server.http('POST', '/graphql', { token, body: { query: '{ noSuchField }' }, headers: { accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers unauthenticated 1 MB bodies (once listed byte by byte, ~0.1 s of CPU each) correctly, and keeps serving', async () => {
    const big = 'x'.repeat(1000 * 1000 - 200);
    const body = { query: 'query($x: String) { __typename ok: __typename @include(if: true) }', variables: { x: big } };
    const answers = await Promise.all(Array.from({ length: 8 }, () => server.http('POST', '/graphql', { body })));
    for (const res of answers) {
      expect(res.status).toBe(200);
      // graphql-js refuses the unused variable: the body was read and parsed whole.
      expect(res.body.errors[0].message).toMatch(/Variable "\$x" is never used/);
    }
    const used = await server.gql('query($id: ID!) { function(id: $id) { id } }', { id: big }, token);
    expect(used.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.http('GET', '/healthz')).status).toBe(200);
  });
});
