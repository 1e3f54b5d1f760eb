import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';

// An OCI runtime the engine lacks (a typo in FNBOX_OCI_RUNTIME, or gVisor not installed) must
// be reported by /healthz and by every invocation, not discovered one failed launch at a time.
describe('a configured OCI runtime the engine does not have', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ executor: { ociRuntime: 'runsc-not-installed' } as never });
  });
  afterAll(() => server?.close());

  it('keeps /healthz at 503 with the reason, and invocations are UNAVAILABLE', async () => {
    const health = await server.http('GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body.reason).toContain('runsc-not-installed');

    const user = await server.signUp('oci');
    const created = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', {
      i: { name: 'x', runtime: 'PYTHON', code: README_PYTHON },
    }, user.token);
    const res = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: created.data.createFunction.id }, user.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(res.errors?.[0]?.message).toContain('runsc-not-installed');
  });
});
