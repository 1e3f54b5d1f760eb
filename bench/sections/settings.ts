/** What every section of `npm run bench` (bench/run.ts) runs with: counts, server settings, the log. */
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeAnswered, type ServerSettings } from '../lib/fnbox.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SMOKE = /^(1|true|yes)$/i.test(process.env.FNBOX_BENCH_SMOKE ?? '');
export const UPDATE_DOC = process.argv.includes('--update-doc');

export const COUNTS = SMOKE
  ? { warmWarmup: 3, warmRounds: 1, warmPerRound: 5, coldRounds: 2, loadWarmupMs: 200, loadRounds: 1, loadMs: 400, manyFunctions: 10, nodeFunctions: 1 }
  : { warmWarmup: 100, warmRounds: 5, warmPerRound: 200, coldRounds: 12, loadWarmupMs: 1500, loadRounds: 3, loadMs: 3000, manyFunctions: 100, nodeFunctions: 3 };
export const CONCURRENCIES = [1, 16, 64];
export const FUNCTION_COUNTS = [1, 4, COUNTS.manyFunctions];

/** Set explicitly (not the machine-dependent defaults) so every run measures the same platform. */
export const SERVER: ServerSettings = {
  stemCellsPerRuntime: 2, // the default
  maxContainers: 256, // default is RAM/4/128 MB within [16, 512]; 100 warm functions + stem cells must fit
  perFunctionConcurrency: 10, // the default: c=64 over 1 function runs 10 and queues 54
  perFunctionQueue: 100, // the default
};
export const NO_STEM: ServerSettings = { ...SERVER, stemCellsPerRuntime: 0 };
export const CLIENT = 'in-repo keep-alive client (node:http Agent, keepAlive, one socket per worker) in the bench process; every server is a separate process';

export const README_JAVASCRIPT = `function handler() {
  const numbers = [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
console.log(JSON.stringify(handler()));
`;

/**
 * The EGRESS row (issue 14 item 5, as bench/egress.ts): the README route warm as an EGRESS
 * function beside the NONE one. The guard's rules need root: as root (unless
 * FNBOX_EGRESS_GUARD is set) the server gets a network, bridge and rules of its own, removed at
 * the end; otherwise the row is skipped. The function never resolves or sends anything.
 */
export const EGRESS = (() => {
  if (process.env.FNBOX_EGRESS_GUARD || process.getuid?.() !== 0) return undefined;
  const id = crypto.randomBytes(3).toString('hex');
  const settings = { network: `fnbox-bench-eg-${id}`, bridge: `fnbxbench${id}` };
  Object.assign(process.env, {
    FNBOX_EGRESS_GUARD: 'iptables',
    FNBOX_EGRESS_NETWORK: settings.network,
    FNBOX_EGRESS_BRIDGE: settings.bridge,
    // A documentation address: set as the resolver, never queried (the function resolves nothing).
    FNBOX_EGRESS_DNS: '198.51.100.53',
  });
  return settings;
})();

export const okBody = readmeAnswered;
export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

