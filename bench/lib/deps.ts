/**
 * Dependency rows (issue 13): the build of a one-package Node function, first and from the
 * cache; the first call right after its build went live (its container was prewarmed), against
 * seed.run; warm calls of a function with dependencies against the same function without. The
 * packages come from the registry this host's npm uses. Needs what builds need (root, iptables,
 * a local engine); elsewhere the rows are skipped with the reason.
 */
import { execFileSync } from 'node:child_process';
import dns from 'node:dns/promises';
import Docker from 'dockerode';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import { EgressGuard } from '../../server/network/egress.guard.js';
import { sequential, type BenchResponse } from './client.js';
import { startFnbox, type FnboxServer, type ServerSettings } from './fnbox.js';
import { summariseRounds, type LatencySummary } from './stats.js';

export interface DepsCounts {
  /** Distinct one-package sets built from scratch (each also built again from the cache). */
  builds: number;
  warmWarmup: number;
  warmRounds: number;
  warmPerRound: number;
}

export type DepsResult =
  | { skipped: string }
  | { firstBuild: LatencySummary; cachedBuild: LatencySummary; firstCall: LatencySummary; warmDeps: LatencySummary; warmPlain: LatencySummary };

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];
const VERSIONS = ['7.0.0', '6.0.0', '5.0.0', '4.0.0', '3.0.0'];
const WITH_DEPS = "const isNumber = require('is-number');\nexports.handler = () => ({ sum: [1, 2, 3, 4, 5].reduce((a, b) => a + b, 0), ok: isNumber(15) });\n";
const PLAIN = 'exports.handler = () => ({ sum: [1, 2, 3, 4, 5].reduce((a, b) => a + b, 0), ok: true });\n';
const answered = (res: BenchResponse) => res.body.includes('"sum":15');

function cannotBuild(): string | undefined {
  if (process.getuid?.() !== 0) return 'builds need root (the egress guard)';
  try {
    execFileSync('iptables', ['-S', 'DOCKER-USER'], { stdio: 'ignore' });
  } catch {
    return 'builds need iptables and the engine DOCKER-USER chain';
  }
  return undefined;
}

async function buildEnv(tag: string): Promise<Record<string, string>> {
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  const { address } = await dns.lookup(new URL(registry).hostname, { family: 4 });
  return {
    FNBOX_EGRESS_GUARD: 'iptables',
    FNBOX_EGRESS_NETWORK: `fnbox-bench-${tag}`,
    FNBOX_EGRESS_BRIDGE: `fnbxb${tag}`.slice(0, 15),
    FNBOX_NPM_REGISTRY: registry,
    ...(PRIVATE.some((r) => r.test(address)) ? { FNBOX_EGRESS_ALLOW: `${address}/32` } : {}),
    ...(process.env.NODE_EXTRA_CA_CERTS ? { FNBOX_BUILD_CA_FILE: process.env.NODE_EXTRA_CA_CERTS } : {}),
  };
}

/** Creates a function and waits (polling every 20 ms) until its build ended; ms from create to SUCCEEDED. */
async function createBuilt(server: FnboxServer, name: string, input: Record<string, unknown>): Promise<{ id: string; ms: number }> {
  const t0 = performance.now();
  const fn = await server.createFunction({ name, runtime: 'NODE', route: `/${name}`, ...input });
  for (;;) {
    const data = await server.gql('query($id: ID!) { function(id: $id) { build { status log } } }', { id: fn.id });
    const build = data.function.build;
    if (build.status === 'SUCCEEDED') return { id: fn.id, ms: performance.now() - t0 };
    if (build.status === 'FAILED') throw new Error(`build of ${name} failed:\n${build.log}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const call = (server: FnboxServer, route: string) => () => server.client.request({ method: 'GET', path: `/fn${route}`, headers: { authorization: `Bearer ${server.token}` } });

export async function benchDependencies(settings: ServerSettings, counts: DepsCounts, log: (line: string) => void): Promise<DepsResult> {
  const why = cannotBuild();
  if (why) return { skipped: why };
  const tag = `${process.pid % 100000}`;
  const env = await buildEnv(tag);
  const server = await startFnbox(settings, 4, [], env);
  try {
    const first: number[] = [];
    const cached: number[] = [];
    const firstCall: number[] = [];
    for (let i = 0; i < Math.min(counts.builds, VERSIONS.length); i++) {
      const dependencies = JSON.stringify({ dependencies: { 'is-number': VERSIONS[i] } });
      for (const [kind, samples] of [['first', first], ['cached', cached]] as const) {
        const name = `deps-${kind}-${i}`;
        const built = await createBuilt(server, name, { code: WITH_DEPS, dependencies });
        samples.push(built.ms);
        // The first call once the build is seen SUCCEEDED: its container was loaded before that.
        firstCall.push((await sequential(1, call(server, `/${name}`), answered))[0]!);
        log(`deps: ${kind} build ${i} ${built.ms.toFixed(0)} ms, first call ${firstCall.at(-1)!.toFixed(1)} ms`);
      }
    }
    // Warm: the same handler with and without a package, interleaved rounds.
    await server.createFunction({ name: 'deps-plain', runtime: 'NODE', route: '/deps-plain', code: PLAIN });
    const routes = { deps: '/deps-cached-0', plain: '/deps-plain' };
    for (const route of Object.values(routes)) await sequential(counts.warmWarmup, call(server, route), answered);
    const rounds: Record<keyof typeof routes, number[][]> = { deps: [], plain: [] };
    for (let r = 0; r < counts.warmRounds; r++) {
      for (const kind of (r % 2 ? ['plain', 'deps'] : ['deps', 'plain']) as (keyof typeof routes)[]) {
        rounds[kind].push(await sequential(counts.warmPerRound, call(server, routes[kind]), answered));
      }
    }
    return {
      firstBuild: summariseRounds([first]),
      cachedBuild: summariseRounds([cached]),
      firstCall: summariseRounds([firstCall]),
      warmDeps: summariseRounds(rounds.deps),
      warmPlain: summariseRounds(rounds.plain),
    };
  } finally {
    await server.stop();
    await new EgressGuard(env.FNBOX_EGRESS_BRIDGE!).uninstall().catch(() => undefined);
    await new DockerodeEngine(new Docker()).removeNetwork(env.FNBOX_EGRESS_NETWORK!).catch(() => undefined);
  }
}
