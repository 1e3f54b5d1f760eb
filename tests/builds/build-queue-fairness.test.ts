/**
 * Red team: one tenant floods the build queue (every update of a function with dependencies
 * queues a build, each may run for FNBOX_BUILD_TIMEOUT_MS) to keep everyone else's builds
 * waiting. The queue takes each owner's builds in turn: another tenant's one build is next
 * after the flooder's first, not after all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildRepository } from '../../server/builds/build.repository.js';
import { openTestStore, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // Held still, so the queue's order is what is observed (nothing claims meanwhile).
  await server.app.services.buildWorker.stop();
});
afterAll(() => server?.close());

const withDeps = (token: string, name: string, n: number) =>
  server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name, runtime: 'PYTHON', code: 'def handler(e):\n    return 1\n', dependencies: `requests  # ${n}\n` } }, token);

describe('the build queue', () => {
  it("takes each owner's builds in turn: a flood does not push another tenant's build to the back", async () => {
    const flooder = await server.signUp('flood');
    const victim = await server.signUp('patient');
    const created = await withDeps(flooder.token, 'flood', 0);
    expect(created.errors).toBeUndefined();
    const id = created.data.createFunction.id as string;
    for (let n = 1; n <= 6; n++) {
      const updated = await server.gql('mutation($id: ID!, $d: String) { updateFunction(id: $id, input: { dependencies: $d }) { version } }', { id, d: `requests  # ${n}\n` }, flooder.token);
      expect(updated.errors).toBeUndefined();
    }
    const second = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name: 'flood2', runtime: 'PYTHON', code: 'def handler(e):\n    return 1\n', dependencies: 'requests  # other\n' } }, flooder.token);
    expect(second.errors).toBeUndefined();
    expect((await withDeps(victim.token, 'mine', 0)).errors).toBeUndefined();

    const store = await openTestStore(server.dataDir);
    try {
      const queue = new BuildRepository(store);
      const owners: string[] = [];
      for (let claimed; (claimed = await queue.claim('red-team', Date.now(), Date.now() + 60_000)); ) owners.push(claimed.owner_id);
      expect(owners).toHaveLength(9);
      // The flooder's oldest first (it was queued first), then the other tenant's, then the rest.
      expect(owners.slice(0, 2)).toEqual([flooder.id, victim.id]);
    } finally {
      await store.destroy();
    }
  });
});
