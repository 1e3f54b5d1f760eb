/**
 * Shared by the build suites: a server whose builds reach registries through their own egress
 * network (so suites and engineers running in parallel never share one), and helpers that wait
 * for a build to end. Builds need root (the egress guard's iptables rules) and a local engine.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import type { Config, EgressConfig } from '../../server/config.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

export const canBuild = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
  try {
    execFileSync('iptables', ['-S', 'DOCKER-USER'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function egressFor(label: string, overrides: Partial<EgressConfig> = {}): EgressConfig {
  const id = crypto.randomBytes(3).toString('hex');
  return { guard: 'iptables', network: `fnbxt-${label}-${id}`, bridge: `fnbxt${label.slice(0, 3)}${id}`, subnet: '', dns: [], allow: [], ...overrides };
}

export async function startBuildServer(label: string, overrides: Partial<Config> = {}, egress: Partial<EgressConfig> = {}): Promise<TestServer> {
  return startTestServer({
    ...overrides,
    executor: { stemCellsPerRuntime: 0, egress: egressFor(label, egress), ...(overrides.executor ?? {}) } as Config['executor'],
  });
}

export const FUNCTION_FIELDS = 'id version liveVersion dependencies build { id status log version dependencySetSha256 startedAt finishedAt }';

/** Polls the function until its build (of `version`, default the newest) has ended. */
export async function buildEnded(server: TestServer, token: string, id: string, version?: number, timeoutMs = 240_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await server.gql(`query($id: ID!) { function(id: $id) { ${FUNCTION_FIELDS} versions { version build { status log } } } }`, { id }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const fn = res.data.function;
    const build = version === undefined ? fn.build : fn.versions.find((v: { version: number }) => v.version === version)?.build;
    if (build && (build.status === 'SUCCEEDED' || build.status === 'FAILED')) return { fn, build };
    if (Date.now() > until) throw new Error(`build still ${build?.status} after ${timeoutMs} ms: ${build?.log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function createFunction(server: TestServer, token: string, input: Record<string, unknown>) {
  const res = await server.gql(`mutation($input: CreateFunctionInput!) { createFunction(input: $input) { ${FUNCTION_FIELDS} } }`, { input }, token);
  return res;
}

export async function invoke(server: TestServer, token: string, id: string, input: unknown = {}) {
  const res = await server.gql('mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { status result error logs coldStart functionVersion } }', { id, input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.invokeFunction;
}
