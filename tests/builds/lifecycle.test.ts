/**
 * The life of a version with dependencies: refused when it names them twice, UNAVAILABLE (503 +
 * Retry-After on its route) until a first build succeeds, a FAILED build leaves the previous
 * version serving and says why, and a build interrupted by a restart is queued again and
 * finishes, never stuck BUILDING. Uses the host's npm registry (build.helpers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config, EgressConfig } from '../../server/config.js';
import { openTestStore, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, egressOf, FUNCTION_FIELDS, hostNpmRegistry, invoke, startBuildServer } from './build.helpers.js';

let server: TestServer;
let token: string;
let npm: { config: Partial<Config>; egress: Partial<EgressConfig> };

const code = (tag: string) => `const isNumber = require('is-number');\nexports.handler = () => ({ tag: '${tag}', ok: isNumber(1) });`;
const deps = (version: string) => JSON.stringify({ dependencies: { 'is-number': version } });

beforeAll(async () => {
  if (!canBuild) return;
  npm = await hostNpmRegistry();
  server = await startBuildServer('life', npm.config, npm.egress);
  token = (await server.signUp('life')).token;
}, 120_000);

afterAll(() => closeBuildServer(server), 60_000);

describe.runIf(canBuild)('build lifecycle', () => {
  it('refuses the dependencies field together with a root package.json that has dependencies', async () => {
    const res = await createFunction(server, token, {
      name: 'both',
      runtime: 'NODE',
      files: [
        { path: 'index.js', content: 'exports.handler = () => 1;' },
        { path: 'package.json', content: deps('7.0.0') },
      ],
      dependencies: deps('7.0.0'),
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/package\.json/);
  });

  it('answers 503 with Retry-After on the route until the first build succeeded, then serves it', async () => {
    const created = await createFunction(server, token, { name: 'routed', runtime: 'NODE', code: code('v1'), dependencies: deps('7.0.0'), route: '/life-routed', access: 'PUBLIC' });
    expect(created.errors).toBeUndefined();
    const fn = created.data.createFunction;
    const early = await server.http('POST', '/fn/life-routed', { body: {} });
    expect(early.status).toBe(503);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(early.body.error.code).toBe('UNAVAILABLE');
    const direct = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: fn.id }, token);
    expect(direct.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    // Async work is accepted meanwhile and waits for the build.
    const queued = await server.gql('mutation($id: ID!) { invokeFunctionAsync(id: $id) { id status } }', { id: fn.id }, token);
    expect(queued.errors).toBeUndefined();
    expect(queued.data.invokeFunctionAsync.status).toBe('QUEUED');

    const { build } = await buildEnded(server, token, fn.id);
    expect(build.status, build.log).toBe('SUCCEEDED');
    let waited: { status: string; functionVersion: number; result: unknown } | undefined;
    for (let i = 0; i < 150 && waited?.status !== 'SUCCESS'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 200));
      const res = await server.gql('query($id: ID!) { invocation(id: $id) { status functionVersion result } }', { id: queued.data.invokeFunctionAsync.id }, token);
      waited = res.data?.invocation ?? undefined;
    }
    expect(waited).toMatchObject({ status: 'SUCCESS', functionVersion: 1, result: { tag: 'v1', ok: true } });
    const served = await server.http('POST', '/fn/life-routed', { body: {} });
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ tag: 'v1', ok: true });
  }, 300_000);

  it('keeps the previous version serving when a build FAILS, and the log names the package that is missing', async () => {
    const created = await createFunction(server, token, { name: 'keeps', runtime: 'NODE', code: code('v1'), dependencies: deps('7.0.0') });
    const id = created.data.createFunction.id;
    expect((await buildEnded(server, token, id)).build.status).toBe('SUCCEEDED');

    const missing = 'fnbox-test-no-such-package-4f9c2a';
    // The log streams live: subscribed before the update, it sees the build through to FAILED.
    const ws = wsClient(server.url, token);
    const live = subscribe<{ buildLog: { buildId: string; status: string; text: string } }>(ws, 'subscription($id: ID!) { buildLog(functionId: $id) { buildId status text } }', { id });
    const stranger = wsClient(server.url, (await server.signUp('stranger')).token);
    const denied = subscribe(stranger, 'subscription($id: ID!) { buildLog(functionId: $id) { text } }', { id });
    await denied.ended;
    expect(JSON.stringify(denied.failure ?? denied.results)).toContain('NOT_FOUND');
    stranger.dispose();
    await new Promise((r) => setTimeout(r, 200)); // subscribed before the build starts
    const updated = await server.gql(`mutation($id: ID!, $input: UpdateFunctionInput!) { updateFunction(id: $id, input: $input) { ${FUNCTION_FIELDS} } }`, {
      id,
      input: { code: code('v2'), dependencies: JSON.stringify({ dependencies: { [missing]: '1.0.0' } }) },
    }, token);
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateFunction.version).toBe(2);
    expect(updated.data.updateFunction.liveVersion).toBe(1);
    expect((await invoke(server, token, id)).result.tag).toBe('v1'); // while it builds

    const { fn, build } = await buildEnded(server, token, id, 2);
    expect(build.status).toBe('FAILED');
    expect(build.log).toContain(missing);
    expect(build.log).toMatch(/E404|404/);
    expect(fn.liveVersion).toBe(1);
    await live.until((sub) => sub.data.some((d) => d.buildLog.status === 'FAILED'));
    const streamed = live.data.map((d) => d.buildLog);
    expect(streamed[0]!.status).toBe('BUILDING');
    expect(streamed.map((c) => c.text).join('')).toContain(missing);
    live.dispose();
    ws.dispose();
    const result = await invoke(server, token, id);
    expect(result.status).toBe('SUCCESS');
    expect(result.result.tag).toBe('v1');
    expect(result.functionVersion).toBe(1);

    // A later version that builds goes live.
    await server.gql('mutation($id: ID!, $input: UpdateFunctionInput!) { updateFunction(id: $id, input: $input) { id } }', { id, input: { code: code('v3'), dependencies: deps('7.0.0') } }, token);
    expect((await buildEnded(server, token, id, 3)).build.status).toBe('SUCCEEDED');
    expect((await invoke(server, token, id)).result.tag).toBe('v3');
  }, 300_000);
});

describe.runIf(canBuild)('a restart in the middle of a build', () => {
  it('queues the build again at start and finishes it, never leaving it BUILDING', async () => {
    const first = await startBuildServer('rest', npm.config, npm.egress);
    const owner = await first.signUp('restart');
    // A set no other test builds, so this build really installs (and takes seconds).
    const created = await createFunction(first, owner.token, { name: 'restarted', runtime: 'NODE', code: code('r'), dependencies: deps('6.0.0') });
    const id = created.data.createFunction.id;
    for (let status = ''; status !== 'BUILDING'; ) {
      const res = await first.gql('query($id: ID!) { function(id: $id) { build { status log } } }', { id }, owner.token);
      status = res.data.function.build.status;
      expect(status).not.toBe('FAILED');
      expect(status).not.toBe('SUCCEEDED'); // too fast to interrupt: the test would prove nothing
      if (status !== 'BUILDING') await new Promise((r) => setTimeout(r, 20));
    }
    await first.app.close(); // the data dir stays: the same node starts again on it

    const store = await openTestStore(first.dataDir);
    const row = await store.selectFrom('builds').select(['status']).where('function_id', '=', id).executeTakeFirstOrThrow();
    await store.destroy();
    expect(row.status).toBe('BUILDING'); // interrupted, not FAILED

    const second = await startBuildServer('rest', { ...npm.config, dataDir: first.dataDir }, egressOf(first));
    try {
      const { fn, build } = await buildEnded(second, owner.token, id);
      expect(build.status, build.log).toBe('SUCCEEDED');
      expect(fn.liveVersion).toBe(1);
      expect((await invoke(second, owner.token, id)).result).toMatchObject({ tag: 'r', ok: true });
    } finally {
      await closeBuildServer(second);
    }
  }, 300_000);
});
