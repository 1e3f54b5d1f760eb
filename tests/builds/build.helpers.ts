/**
 * Shared by the build suites: a server whose builds reach registries through their own egress
 * network (so suites and engineers running in parallel never share one), and helpers that wait
 * for a build to end. Builds need root (the egress guard's iptables rules) and a local engine.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import type { Config, EgressConfig } from '../../server/config.js';
import Docker from 'dockerode';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import { EgressGuard } from '../../server/network/egress.guard.js';
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

const networks = new Map<TestServer, EgressConfig>();

/** `egress`: a config to reuse (a restarted server), or fields over a fresh one. */
export async function startBuildServer(label: string, overrides: Partial<Config> = {}, egress: Partial<EgressConfig> = {}): Promise<TestServer> {
  const config = egress.network ? (egress as EgressConfig) : egressFor(label, egress);
  const server = await startTestServer({
    ...overrides,
    executor: { stemCellsPerRuntime: 0, egress: config, ...(overrides.executor ?? {}) } as Config['executor'],
  });
  networks.set(server, config);
  return server;
}

export function egressOf(server: TestServer): EgressConfig {
  return networks.get(server)!;
}

/** Closes the server and removes its egress network and rules. */
export async function closeBuildServer(server: TestServer | undefined, close: () => Promise<void> = () => server!.close()): Promise<void> {
  if (!server) return;
  const egress = networks.get(server);
  await close().catch(() => undefined);
  if (!egress) return;
  await new EgressGuard(egress.bridge).uninstall().catch(() => undefined);
  await new DockerodeEngine(new Docker()).removeNetwork(egress.network).catch(() => undefined);
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

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

/**
 * The npm registry this host's npm uses, as build settings: FNBOX_NPM_REGISTRY, the egress
 * opening an operator would give it with FNBOX_EGRESS_ALLOW when it resolves to a private range
 * (that one address only), and the CA bundle this host's Node trusts (FNBOX_BUILD_CA_FILE) when
 * it sits behind an intercepting proxy.
 */
export async function hostNpmRegistry(): Promise<{ config: Partial<Config>; egress: Partial<EgressConfig> }> {
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  const { address } = await dns.lookup(new URL(registry).hostname, { family: 4 });
  const allow = PRIVATE.some((range) => range.test(address)) ? [`${address}/32`] : [];
  const caFile = process.env.NODE_EXTRA_CA_CERTS || undefined;
  return { config: { builds: { registries: { npmRegistry: registry }, caFile } as Config['builds'] }, egress: { allow } };
}
