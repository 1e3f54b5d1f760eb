/**
 * Issue 12: Yoga's default CORS answered any Origin on /graphql. Cross-origin access is the
 * platform's to grant (FNBOX_CORS_ORIGIN): by default none (the dashboard is same-origin), and
 * when set, only the origins it lists.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const FOREIGN = 'https://attacker.example';
const QUERY = JSON.stringify({ query: '{ __typename }' });

async function probe(server: TestServer, origin: string) {
  const preflight = await fetch(`${server.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  const post = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: QUERY });
  return {
    preflight: preflight.headers.get('access-control-allow-origin'),
    post: post.headers.get('access-control-allow-origin'),
    credentials: post.headers.get('access-control-allow-credentials'),
    status: post.status,
  };
}

describe('/graphql CORS', () => {
  const servers: TestServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('by default grants no foreign origin', async () => {
    const server = await startTestServer();
    servers.push(server);
    const seen = await probe(server, FOREIGN);
    expect(seen.status).toBe(200); // a same-origin client (the dashboard) is unaffected
    expect(seen.preflight).toBeNull();
    expect(seen.post).toBeNull();
    expect(seen.credentials).toBeNull();
  }, 60_000);

  it('with FNBOX_CORS_ORIGIN grants exactly the origins listed', async () => {
    const server = await startTestServer({ corsOrigin: 'https://app.example, https://other.example' });
    servers.push(server);
    const allowed = await probe(server, 'https://app.example');
    expect(allowed.preflight).toBe('https://app.example');
    expect(allowed.post).toBe('https://app.example');
    const foreign = await probe(server, FOREIGN);
    expect(foreign.preflight).toBeNull();
    expect(foreign.post).toBeNull();
  }, 60_000);
});
