/**
 * Aliases and dependency builds together (the merge of `aliases` into `deps`): a version runs
 * with its own built dependency set whichever way a call reaches it (alias, canary, qualifier),
 * a version whose build FAILED can be neither aliased, called by qualifier nor rolled back to,
 * and a rollback to a version with dependencies reuses its built set (no new build) and goes
 * live at once. Uses the host's npm registry (build.helpers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, FUNCTION_FIELDS, hostNpmRegistry, startBuildServer } from './build.helpers.js';

let server: TestServer;
let token: string;

// Each version tells which is-number its dependency set holds.
const CODE = (tag: string) => `const pkg = require('is-number/package.json');\nexports.handler = () => ({ tag: '${tag}', isNumber: pkg.version });`;
const DEPS = (version: string) => JSON.stringify({ dependencies: { 'is-number': version } });
const MISSING = 'fnbox-test-no-such-package-7d1e3b';

const UPDATE = `mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { ${FUNCTION_FIELDS} } }`;
const INVOKE = 'mutation($id: ID!, $q: String) { invokeFunction(id: $id, qualifier: $q) { status result error functionVersion } }';
const SET = 'mutation($f: ID!, $n: String!, $v: Int!, $c: CanaryInput) { setAlias(functionId: $f, name: $n, version: $v, canary: $c) { name version canary { version weight } } }';
const ROLLBACK = `mutation($id: ID!, $v: Int!) { rollbackFunction(id: $id, version: $v) { ${FUNCTION_FIELDS} aliases { name version canary { version } } } }`;
const VERSIONS = 'query($id: ID!) { function(id: $id) { version liveVersion aliases { name } versions { version build { id status } } } }';
const errorCode = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

async function ok<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await server.gql(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

beforeAll(async () => {
  if (!canBuild) return;
  const npm = await hostNpmRegistry();
  server = await startBuildServer('alias', npm.config, npm.egress);
  token = (await server.signUp('aliasdeps')).token;
}, 120_000);

afterAll(() => closeBuildServer(server), 60_000);

describe.runIf(canBuild)('aliases over versions with dependencies', () => {
  let id: string;
  let firstBuild: string;

  it('builds three versions: 1 and 2 with different sets, 3 FAILED', async () => {
    const created = await createFunction(server, token, { name: 'aliased-deps', runtime: 'NODE', code: CODE('one'), dependencies: DEPS('7.0.0') });
    expect(created.errors).toBeUndefined();
    id = created.data.createFunction.id;
    const one = await buildEnded(server, token, id, 1);
    expect(one.build.status, one.build.log).toBe('SUCCEEDED');
    firstBuild = one.fn.build.id;

    await ok(UPDATE, { id, i: { code: CODE('two'), dependencies: DEPS('6.0.0') } });
    const two = await buildEnded(server, token, id, 2);
    expect(two.build.status, two.build.log).toBe('SUCCEEDED');

    const three = await ok(UPDATE, { id, i: { code: CODE('three'), dependencies: JSON.stringify({ dependencies: { [MISSING]: '1.0.0' } }) } });
    expect(three.updateFunction.version).toBe(3);
    const failed = await buildEnded(server, token, id, 3);
    expect(failed.build.status).toBe('FAILED');
    expect(failed.fn.liveVersion).toBe(2);
    expect((await ok(INVOKE, { id })).invokeFunction).toMatchObject({ status: 'SUCCESS', functionVersion: 2, result: { tag: 'two', isNumber: '6.0.0' } });
  }, 600_000);

  it('refuses an alias, a canary, a qualifier and a rollback naming the version whose build FAILED', async () => {
    const alias = await server.gql(SET, { f: id, n: 'broken', v: 3 }, token);
    expect(errorCode(alias)).toBe('UNAVAILABLE');
    const canary = await server.gql(SET, { f: id, n: 'live', v: 2, c: { version: 3, weight: 0.5 } }, token);
    expect(errorCode(canary)).toBe('UNAVAILABLE');
    expect((await ok(VERSIONS, { id })).function.aliases).toEqual([]);
    expect(errorCode(await server.gql(INVOKE, { id, q: '3' }, token))).toBe('UNAVAILABLE');
    expect(errorCode(await server.gql(INVOKE, { id, q: '$LATEST' }, token))).toBe('UNAVAILABLE');
    expect(errorCode(await server.gql(ROLLBACK, { id, v: 3 }, token))).toBe('BAD_USER_INPUT');
    // The versions that built still answer by number, each with its own set.
    expect((await ok(INVOKE, { id, q: '1' })).invokeFunction).toMatchObject({ status: 'SUCCESS', functionVersion: 1, result: { tag: 'one', isNumber: '7.0.0' } });
    expect((await ok(INVOKE, { id, q: '2' })).invokeFunction).toMatchObject({ status: 'SUCCESS', functionVersion: 2, result: { tag: 'two', isNumber: '6.0.0' } });
  }, 120_000);

  it('runs a canary between versions with different sets, each with its own', async () => {
    expect((await ok(SET, { f: id, n: 'live', v: 1, c: { version: 2, weight: 0.5 } })).setAlias).toEqual({ name: 'live', version: 1, canary: { version: 2, weight: 0.5 } });
    const seen = new Map<number, Set<string>>();
    for (let i = 0; i < 40; i++) {
      const call = (await ok(INVOKE, { id })).invokeFunction;
      expect(call.status, call.error).toBe('SUCCESS');
      const versions = seen.get(call.functionVersion) ?? seen.set(call.functionVersion, new Set()).get(call.functionVersion)!;
      versions.add(`${call.result.tag}@${call.result.isNumber}`);
    }
    // 40 calls at 0.5 miss a version with probability 2^-39.
    expect([...seen.keys()].sort()).toEqual([1, 2]);
    expect([...seen.get(1)!]).toEqual(['one@7.0.0']);
    expect([...seen.get(2)!]).toEqual(['two@6.0.0']);
  }, 300_000);

  it('rolls back to a version with dependencies: reuses its built set (no build), goes live, ends the canary', async () => {
    const rolled = (await ok(ROLLBACK, { id, v: 1 })).rollbackFunction;
    expect(rolled).toMatchObject({ version: 4, liveVersion: 4, dependencies: DEPS('7.0.0'), aliases: [{ name: 'live', version: 4, canary: null }] });
    // The build of version 1, not a new one.
    expect(rolled.build).toMatchObject({ id: firstBuild, status: 'SUCCEEDED', version: 1 });
    const versions = (await ok(VERSIONS, { id })).function.versions as { version: number; build: { id: string; status: string } | null }[];
    expect(new Set(versions.map((v) => v.build?.id)).size).toBe(3); // builds of 1, 2 and 3 only
    expect(versions.find((v) => v.version === 4)?.build).toMatchObject({ id: firstBuild, status: 'SUCCEEDED' });

    for (const q of [null, 'live', '4', '$LATEST']) {
      expect((await ok(INVOKE, { id, q })).invokeFunction, String(q)).toMatchObject({ status: 'SUCCESS', functionVersion: 4, result: { tag: 'one', isNumber: '7.0.0' } });
    }
    // Without alias `live`, the rolled-back version is still what unqualified calls run (the live build).
    expect((await ok('mutation($f: ID!) { deleteAlias(functionId: $f, name: "live") }', { f: id })).deleteAlias).toBe(true);
    expect((await ok(INVOKE, { id })).invokeFunction).toMatchObject({ functionVersion: 4, result: { tag: 'one', isNumber: '7.0.0' } });

    // Rolling back to the other set works the same way.
    const again = (await ok(ROLLBACK, { id, v: 2 })).rollbackFunction;
    expect(again).toMatchObject({ version: 5, liveVersion: 5, dependencies: DEPS('6.0.0'), build: { status: 'SUCCEEDED', version: 2 } });
    expect((await ok(INVOKE, { id })).invokeFunction).toMatchObject({ functionVersion: 5, result: { tag: 'two', isNumber: '6.0.0' } });
  }, 300_000);
});
