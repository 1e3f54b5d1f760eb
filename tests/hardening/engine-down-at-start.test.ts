/**
 * fnbox started while the engine is away (dockerd still booting, a remote host down) serves
 * its API, says why it cannot run functions, and comes up by itself when the engine appears.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';
import { EngineProxy, until } from '../executor/server.helpers.js';

const proxy = new EngineProxy();
let server: TestServer;

beforeAll(async () => {
  await proxy.down();
  server = await startTestServer({ executor: { stemCellsPerRuntime: 1 } as never }, { docker: new Docker({ socketPath: proxy.socketPath }) });
});
afterAll(async () => {
  await proxy.up(); // so close() can remove what it started
  await server?.close();
  await proxy.down();
});

describe('engine unreachable when fnbox starts', () => {
  it('answers 503 with the reason, then becomes healthy and runs functions once the engine is back', async () => {
    const health = await server.http('GET', '/healthz');
    expect(health.status).toBe(503);
    expect(health.body.reason).toContain(proxy.socketPath);

    const user = await server.signUp('boot');
    const created = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', {
      i: { name: 'stats', runtime: 'PYTHON', code: README_PYTHON },
    }, user.token);
    const id = created.data.createFunction.id;
    const refused = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id }, user.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');

    await proxy.up();
    await until(async () => (await server.http('GET', '/healthz')).status === 200, 30_000, 'healthz 200 after the engine returned');
    const ran = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status result } }', { id }, user.token);
    expect(ran.data.invokeFunction).toEqual({ status: 'SUCCESS', result: { sum: 15, average: 3 } });
  });
});
