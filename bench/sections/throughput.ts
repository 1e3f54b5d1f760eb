import { containersStartedBy } from '../lib/docker.js';
import { startEchoContainer } from '../lib/floors.js';
import { interleavedLoad, type LoadCall, type LoadSummary } from './measure.js';
import { addRow, cpuNote } from './report.js';
import type { Bench } from './setup.js';
import { CONCURRENCIES, FUNCTION_COUNTS, log } from './settings.js';

/** Closed-loop throughput of the route at each concurrency and function count, against floor.http (and floor.attach at c=16). */
export async function benchThroughput({ docker, images, resources, server, floor, floorClient, fns, auth, keyAuth }: Bench, line: string) {
  const { echoes } = resources;
  log('throughput');
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(server.rssMb()), 250);
  const load: Record<string, LoadSummary> = {};
  const floorLoad: Record<number, LoadSummary> = {};
  let attachLoad: LoadSummary | undefined;
  // The engine's ceiling for small messages at c=16: 16 echo containers, one line in flight each.
  const containers = containersStartedBy(docker, server.pid);
  const echoes16 = await Promise.all(Array.from({ length: 16 }, () => startEchoContainer(docker, images.PYTHON, 'PYTHON')));
  echoes.push(...echoes16);
  try {
    for (const c of CONCURRENCIES) {
      const targetsAtC: Record<string, { call: LoadCall; pid?: number; containers?: () => Promise<number> }> = {
        floor: { call: () => floorClient.request({ method: 'GET', path: '/fn/bench' }), pid: floor.pid },
      };
      if (c === 16) targetsAtC.attach = { call: async (w) => (await echoes16[w]!.roundTrip(line), { status: 200, body: '"sum":15' }) };
      for (const k of FUNCTION_COUNTS) {
        const targetFns = fns.slice(0, k);
        targetsAtC[`fnbox${k}`] = { call: (_w, i) => server.client.request({ method: 'GET', path: targetFns[i % k]!.route, headers: auth }), pid: server.pid, containers };
      }
      if (c === 16) {
        const four = fns.slice(0, 4);
        targetsAtC.fnbox4key = { call: (_w, i) => server.client.request({ method: 'GET', path: four[i % 4]!.route, headers: keyAuth }), pid: server.pid, containers };
      }
      const res = await interleavedLoad(c, targetsAtC);
      floorLoad[c] = res.floor!;
      if (res.attach) attachLoad = res.attach;
      if (res.fnbox4key) load['4x16key'] = res.fnbox4key;
      for (const k of FUNCTION_COUNTS) load[`${k}x${c}`] = res[`fnbox${k}`]!;
      log(`  c=${c}: floor ${res.floor!.rps.toFixed(0)} req/s; ${FUNCTION_COUNTS.map((k) => `${k} fn ${res[`fnbox${k}`]!.rps.toFixed(0)} (errors ${res[`fnbox${k}`]!.errors})`).join(', ')}`);
    }
  } finally {
    clearInterval(sampler);
    await Promise.all(echoes16.map((e) => e.remove()));
  }
  for (const k of FUNCTION_COUNTS) {
    for (const c of CONCURRENCIES) {
      const res = load[`${k}x${c}`]!;
      addRow({
        section: 'throughput (route, closed loop)',
        name: `${k} fn${k > 1 ? 's' : ''}, c=${c}`,
        value: res.rps,
        unit: 'req/s',
        floor: `floor.http c=${c}`,
        floorValue: floorLoad[c]!.rps,
        note: `errors ${res.errors}${res.errors ? ` ${JSON.stringify(res.errorKinds)}` : ''}; p50 ${res.p50.toFixed(1)} ms, p99 ${res.p99.toFixed(1)} ms; server CPU ${cpuNote(res)}; ${startedNote(res)}`,
      });
    }
  }
  const keyLoad = load['4x16key']!;
  addRow({
    section: 'throughput (route, closed loop)',
    name: '4 fns, c=16, API key',
    value: keyLoad.rps,
    unit: 'req/s',
    floor: 'floor.http c=16',
    floorValue: floorLoad[16]!.rps,
    note: `errors ${keyLoad.errors}${keyLoad.errors ? ` ${JSON.stringify(keyLoad.errorKinds)}` : ''}; p50 ${keyLoad.p50.toFixed(1)} ms, p99 ${keyLoad.p99.toFixed(1)} ms; server CPU ${cpuNote(keyLoad)}; ${startedNote(keyLoad)}`,
  });
  for (const c of CONCURRENCIES) {
    addRow({ section: 'throughput (route, closed loop)', name: `floor.http c=${c}`, value: floorLoad[c]!.rps, unit: 'req/s', note: `errors ${floorLoad[c]!.errors}; p50 ${floorLoad[c]!.p50.toFixed(2)} ms; server CPU ${cpuNote(floorLoad[c]!)}` });
  }
  if (attachLoad) {
    addRow({ section: 'throughput (route, closed loop)', name: 'floor.attach c=16 (16 echo containers)', value: attachLoad.rps, unit: 'req/s', note: `engine ceiling, one small message each way; p50 ${attachLoad.p50.toFixed(2)} ms` });
  }
  return { rssSamples, load, floorLoad, attachLoad, keyLoad };
}

/** Containers started during a row's measured rounds: each one is engine CPU, not warm-call work. */
function startedNote(res: LoadSummary): string {
  return `containers started during the rounds ${res.containersStarted ?? 'n/a'}`;
}
