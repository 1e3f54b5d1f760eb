/**
 * Provisioned containers and dependency builds (issue 16): what is kept warm is the version
 * unqualified calls run, so a deploy whose build is running or FAILED leaves the live version's
 * containers warm (idle ones retire after a second here: provisioned ones must not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, hostNpmRegistry, invoke, startBuildServer } from '../builds/build.helpers.js';
import { until } from '../executor/server.helpers.js';
import type { TestServer } from '../support/test-server.js';

let server: TestServer;
let token: string;

const code = (tag: string) => `const isNumber = require('is-number');\nexports.handler = () => ({ tag: '${tag}', host: require('os').hostname(), ok: isNumber(1) });`;

beforeAll(async () => {
  if (!canBuild) return;
  const npm = await hostNpmRegistry();
  server = await startBuildServer('prov', { ...npm.config, executor: { idleTtlMs: 1_000 } as Config['executor'] }, npm.egress);
  token = (await server.signUp('prov')).token;
}, 120_000);

afterAll(() => closeBuildServer(server), 60_000);

describe.runIf(canBuild)('provisioned containers with dependency builds', () => {
  it('stay on the live version while a newer version has no successful build', async () => {
    const created = await createFunction(server, token, { name: 'prov-deps', runtime: 'NODE', code: code('v1'), dependencies: JSON.stringify({ dependencies: { 'is-number': '7.0.0' } }) });
    const id = created.data.createFunction.id;
    expect((await buildEnded(server, token, id)).build.status).toBe('SUCCEEDED');
    const set = await server.gql('mutation($id: ID!) { setFunctionConcurrency(id: $id, input: { provisionedConcurrency: 1 }) { provisionedConcurrency } }', { id }, token);
    expect(set.errors).toBeUndefined();
    const ready = async () => (await server.gql('query($id: ID!) { function(id: $id) { provisionedReady } }', { id }, token)).data.function.provisionedReady;
    await until(async () => (await ready()) === 1, 60_000, 'a provisioned container');
    const warm = await invoke(server, token, id);
    expect(warm).toMatchObject({ coldStart: false, result: { tag: 'v1' } });

    const updated = await server.gql('mutation($id: ID!, $c: String!, $d: String!) { updateFunction(id: $id, input: { code: $c, dependencies: $d }) { version liveVersion } }', {
      id,
      c: code('v2'),
      d: JSON.stringify({ dependencies: { 'fnbox-test-no-such-package-4f9c2a': '1.0.0' } }),
    }, token);
    expect(updated.data.updateFunction).toEqual({ version: 2, liveVersion: 1 });
    expect((await buildEnded(server, token, id, 2)).build.status).toBe('FAILED');
    await new Promise((r) => setTimeout(r, 3_000)); // past the idle TTL
    const still = await invoke(server, token, id);
    expect(still).toMatchObject({ status: 'SUCCESS', coldStart: false, functionVersion: 1, result: { tag: 'v1', host: warm.result.host } });
  }, 300_000);
});
