/**
 * Issue 16 item 5: per-user quotas that ADMINs set, each refusing with its code and naming
 * itself (`extensions.quota`), taking effect at once; a function's reserved concurrency
 * enforced by the executor; provisioned containers kept warm, re-created after a kill, never
 * reaped idle, within the owner's quotas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, docker, gql, invoke, until } from '../executor/server.helpers.js';

let server: TestServer;
let admin: { token: string; id: string };
let user: { token: string; id: string };

const SLEEPER = 'import time, socket\ndef handler(event):\n    start = time.time()\n    time.sleep(event.get("s", 0) if isinstance(event, dict) else 0)\n    return {"host": socket.gethostname(), "start": start, "end": time.time()}';
const QUOTA = '{ maxFunctions maxConcurrency maxQueuedBytes maxProvisioned custom }';

beforeAll(async () => {
  server = await startTestServer({
    maxFunctionsPerUser: 8,
    maxProvisionedPerUser: 2,
    // Idle containers retire after a second: provisioned ones must not.
    executor: { stemCellsPerRuntime: 1, maxContainers: 12, userContainerShare: 50, perFunctionConcurrency: 4, perFunctionQueue: 10, idleTtlMs: 1_000 } as never,
  });
  admin = await server.signUp('admin');
  user = await server.signUp('user');
}, 300_000);
afterAll(() => server?.close(), 120_000);

const setQuota = (input: Record<string, unknown>, token = admin.token) =>
  gql(server, token, `mutation($u: ID!, $i: UserQuotaInput!) { setUserQuota(userId: $u, input: $i) { id quota ${QUOTA} } }`, { u: user.id, i: input });
const setConcurrency = (id: string, input: Record<string, unknown>) =>
  gql(server, user.token, 'mutation($id: ID!, $i: FunctionConcurrencyInput!) { setFunctionConcurrency(id: $id, input: $i) { id concurrency provisionedConcurrency provisionedReady } }', { id, i: input });
const refusal = (reply: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => reply.errors?.[0];
const provisionedReady = async (id: string) =>
  (await gql(server, user.token, 'query($id: ID!) { function(id: $id) { provisionedReady } }', { id })).data.function.provisionedReady as number;

describe('user quotas', () => {
  it('default to the config, are visible to the user, and only an ADMIN sets them', async () => {
    const me = await gql(server, user.token, `{ me { quota ${QUOTA} usage { functions containers queuedBytes provisionedConcurrency provisionedContainers } } }`);
    expect(me.data.me.quota).toEqual({ maxFunctions: 8, maxConcurrency: 6, maxQueuedBytes: 64 * 1024 * 1024, maxProvisioned: 2, custom: [] });
    expect(me.data.me.usage).toEqual({ functions: 0, containers: 0, queuedBytes: 0, provisionedConcurrency: 0, provisionedContainers: 0 });
    expect(refusal(await setQuota({ maxFunctions: 100 }, user.token))?.extensions?.code).toBe('FORBIDDEN');
    expect(refusal(await setQuota({ maxConcurrency: 0 }))?.extensions?.code).toBe('BAD_USER_INPUT');
    const pools = await gql(server, admin.token, '{ stemPools { runtime network memoryMb ready target } }');
    expect(pools.data.stemPools).toContainEqual(expect.objectContaining({ runtime: 'PYTHON', network: 'NONE', memoryMb: 128, target: 1 }));
  });

  it('maxFunctions refuses the function past it with BAD_USER_INPUT, and a change applies at once', async () => {
    const set = await setQuota({ maxFunctions: 1 });
    expect(set.data.setUserQuota.quota).toMatchObject({ maxFunctions: 1, custom: ['maxFunctions'] });
    await createFunction(server, user.token, { name: 'q-one', runtime: 'PYTHON', code: SLEEPER });
    const create = () => gql(server, user.token, 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name: 'q-two', runtime: 'PYTHON', code: SLEEPER } });
    const refused = refusal(await create());
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', quota: 'maxFunctions' });
    expect(refused?.message).toMatch(/quota maxFunctions/);
    await setQuota({ maxFunctions: null }); // back to the default of 8
    expect((await create()).errors).toBeUndefined();
  });

  it('maxQueuedBytes refuses an invocation whose input would pass it with TOO_MANY_REQUESTS (429 on a route)', async () => {
    const id = await createFunction(server, user.token, { name: 'q-bytes', runtime: 'PYTHON', code: SLEEPER, route: `/q-bytes-${process.pid}` });
    await setQuota({ maxQueuedBytes: 4_000 });
    const big = await gql(server, user.token, 'mutation($id: ID!, $i: JSON) { invokeFunction(id: $id, input: $i) { status } }', { id, i: { pad: 'x'.repeat(3_000) } });
    expect(refusal(big)?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', quota: 'maxQueuedBytes' });
    const routed = await server.http('POST', `/fn/q-bytes-${process.pid}`, { token: user.token, body: { pad: 'x'.repeat(3_000) } });
    expect(routed.status).toBe(429);
    expect(routed.body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', quota: 'maxQueuedBytes' });
    expect((await invoke(server, user.token, id, {})).status).toBe('SUCCESS'); // a small input fits
    await setQuota({ maxQueuedBytes: null });
    expect((await invoke(server, user.token, id, { pad: 'x'.repeat(3_000) })).status).toBe('SUCCESS');
  }, 60_000);
});

describe('reserved concurrency', () => {
  it('is refused above the quota maxConcurrency, and past it calls wait then get TOO_MANY_REQUESTS', async () => {
    const id = await createFunction(server, user.token, { name: 'q-capped', runtime: 'PYTHON', code: SLEEPER });
    expect(refusal(await setConcurrency(id, { concurrency: 7 }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', quota: 'maxConcurrency' });
    expect((await setConcurrency(id, { concurrency: 1 })).data.setFunctionConcurrency.concurrency).toBe(1);
    await invoke(server, user.token, id, {}); // warm
    // One runs, one waits (a cap of 1 lets one wait), the third is refused at once.
    const calls = [1, 2].map(() => invoke(server, user.token, id, { s: 1.5 }));
    await until(async () => (await gql(server, admin.token, '{ platformStats { queueDepth } }')).data.platformStats.queueDepth >= 1, 20_000, 'a call waiting');
    const third = await gql(server, user.token, 'mutation($id: ID!) { invokeFunction(id: $id, input: {}) { status } }', { id });
    expect(refusal(third)?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(refusal(third)?.message).toMatch(/reserved concurrency/);
    const [a, b] = (await Promise.all(calls)).map((r) => r.result as { start: number; end: number });
    // Never both running: the second started once the first had ended.
    expect(Math.max(a.start, b.start)).toBeGreaterThanOrEqual(Math.min(a.end, b.end));
  }, 60_000);

  it('the quota maxConcurrency bounds the containers a user holds at runtime', async () => {
    await setQuota({ maxConcurrency: 1 });
    const ids = [await createFunction(server, user.token, { name: 'q-share-a', runtime: 'PYTHON', code: SLEEPER })];
    ids.push(await createFunction(server, user.token, { name: 'q-share-b', runtime: 'PYTHON', code: SLEEPER }));
    const held = invoke(server, user.token, ids[0], { s: 13 });
    // Running, not merely holding a container (an idle one of the previous test counts too).
    const running = async () => (await gql(server, user.token, 'query($f: ID!) { invocations(functionId: $f, status: RUNNING, first: 1) { edges { node { id } } } }', { f: ids[0] })).data.invocations.edges.length >= 1;
    await until(running, 20_000, 'the held call running');
    // Idle containers of the user's other functions are evicted to make room; a busy one is not.
    const refused = await gql(server, user.token, 'mutation($id: ID!) { invokeFunction(id: $id, input: {}) { status } }', { id: ids[1] });
    expect(refusal(refused)?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', quota: 'maxConcurrency' });
    expect((await held).status).toBe('SUCCESS');
    await setQuota({ maxConcurrency: null });
    expect((await invoke(server, user.token, ids[1], {})).status).toBe('SUCCESS');
  }, 90_000);
});

describe('provisioned concurrency', () => {
  it('keeps containers warm after a change, after a kill and past the idle TTL, within maxProvisioned', async () => {
    const id = await createFunction(server, user.token, { name: 'q-warm', runtime: 'PYTHON', code: SLEEPER });
    const other = (await gql(server, user.token, '{ functions { id name } }')).data.functions.find((f: { name: string }) => f.name === 'q-one').id;
    expect(refusal(await setConcurrency(id, { provisionedConcurrency: 3 }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', quota: 'maxProvisioned' });
    expect((await setConcurrency(id, { provisionedConcurrency: 2 })).data.setFunctionConcurrency.provisionedConcurrency).toBe(2);
    expect(refusal(await setConcurrency(other, { provisionedConcurrency: 1 }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', quota: 'maxProvisioned' });
    await until(async () => (await provisionedReady(id)) === 2, 30_000, 'two provisioned containers');

    // Warm from the first call; the two concurrent calls run on the two containers.
    const first = await Promise.all([invoke(server, user.token, id, { s: 0.5 }), invoke(server, user.token, id, { s: 0.5 })]);
    expect(first.map((r) => r.coldStart)).toEqual([false, false]);
    const hosts = new Set(first.map((r) => r.result.host as string));
    expect(hosts.size).toBe(2);

    // Well past the one-second idle TTL they are still there.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await provisionedReady(id)).toBe(2);
    const usage = await gql(server, user.token, '{ me { usage { provisionedConcurrency provisionedContainers } } }');
    expect(usage.data.me.usage).toEqual({ provisionedConcurrency: 2, provisionedContainers: 2 });

    // A killed one is re-created.
    const killed = [...hosts][0];
    await docker.getContainer(killed).kill();
    await until(async () => (await provisionedReady(id)) === 2 && !(await docker.listContainers()).some((c) => c.Id.startsWith(killed)), 30_000, 'a replacement');
    const again = await Promise.all([invoke(server, user.token, id, { s: 0.5 }), invoke(server, user.token, id, { s: 0.5 })]);
    expect(again.map((r) => r.coldStart)).toEqual([false, false]);
    expect(again.map((r) => r.result.host)).not.toContain(killed);

    // Back to 0: they become ordinary idle containers, reaped after the TTL.
    await setConcurrency(id, { provisionedConcurrency: 0 });
    expect(await provisionedReady(id)).toBe(0);
  }, 120_000);

  it('keeps warm the version unqualified calls run: alias live, not the newest version', async () => {
    const versioned = (v: number) => `import socket\ndef handler(event):\n    return {"v": ${v}, "host": socket.gethostname()}`;
    const id = await createFunction(server, user.token, { name: 'q-live', runtime: 'PYTHON', code: versioned(1) });
    const setLive = (version: number) => gql(server, user.token, 'mutation($id: ID!, $v: Int!) { setAlias(functionId: $id, name: "live", version: $v) { version } }', { id, v: version });
    expect((await setLive(1)).errors).toBeUndefined();
    expect((await setConcurrency(id, { provisionedConcurrency: 1 })).errors).toBeUndefined();
    await until(async () => (await provisionedReady(id)) === 1, 30_000, 'a provisioned container');
    const warm = await invoke(server, user.token, id);
    expect(warm).toMatchObject({ coldStart: false, result: { v: 1 } });

    // Version 2 exists but live stays on 1: the warm container stays version 1's, past the idle TTL.
    const updated = await gql(server, user.token, 'mutation($id: ID!, $c: String!) { updateFunction(id: $id, input: { code: $c }) { version } }', { id, c: versioned(2) });
    expect(updated.data.updateFunction.version).toBe(2);
    await new Promise((r) => setTimeout(r, 3_000));
    const still = await invoke(server, user.token, id);
    expect(still).toMatchObject({ coldStart: false, result: { v: 1, host: warm.result.host } });

    // Live moves to 2: version 2 is what is kept warm now.
    expect((await setLive(2)).errors).toBeUndefined();
    await until(async () => (await provisionedReady(id)) === 1 && !(await docker.listContainers()).some((c) => c.Id.startsWith(warm.result.host)), 30_000, 'version 2 warm');
    const moved = await invoke(server, user.token, id);
    expect(moved).toMatchObject({ coldStart: false, result: { v: 2 } });
    await setConcurrency(id, { provisionedConcurrency: 0 });
  }, 120_000);
});
