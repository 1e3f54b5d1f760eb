import { dataDirHash, LABELS } from '../../server/executor/container.hardening.js';
import { sequential } from '../lib/client.js';
import { containerMemoryMb, listIdsByLabels } from '../lib/docker.js';
import { SERVER_NODE_FLAGS, startFnbox } from '../lib/fnbox.js';
import { median, summariseRounds, type LatencySummary } from '../lib/stats.js';
import { coldRound } from './measure.js';
import { addRow, latencyRows } from './report.js';
import type { Bench } from './setup.js';
import { COUNTS, log, NO_STEM, okBody, README_JAVASCRIPT, SMOKE, sleep } from './settings.js';

/**
 * Memory of the server and of warm containers (the server is stopped after it), then a server
 * without stem cells: cold first calls, and warm Node containers each created for its function.
 */
export async function benchMemory({ docker, resources, server, floor, floorClient, echo, nodeEcho, idleRss, floorRss }: Bench, seed: LatencySummary, rssSamples: number[]) {
  const { servers, dataHashes } = resources;
  log('memory');
  await sleep(SMOKE ? 200 : 2000);
  const idleAfterRss = server.rssMb();
  const hash = dataDirHash(server.dataDir);
  // Only containers created for a function carry its label (a claimed stem cell keeps its
  // generic labels): these are warm Python function containers, idle after the load rows.
  const pyIds = (await listIdsByLabels(docker, { [LABELS.data]: hash, [LABELS.runtime]: 'PYTHON', [LABELS.fn]: '' })).slice(0, 20);
  const pyMem = median(await Promise.all(pyIds.map((id) => containerMemoryMb(docker, id))));
  const pyFloorMem = await echo.memoryMb();
  const nodeFloorMem = await nodeEcho.memoryMb();
  await server.stop();
  servers.splice(servers.indexOf(server), 1);
  floorClient.close();
  await floor.stop();

  // ---- fnbox without stem cells -------------------------------------------------------------
  log('fnbox server (stem cells off): cold first calls, warm Node containers');
  const cold = await startFnbox(NO_STEM, 4);
  servers.push(cold);
  dataHashes.push(dataDirHash(cold.dataDir));
  const coldNoStem: Awaited<ReturnType<typeof coldRound>>[] = [];
  for (let i = 0; i < COUNTS.coldRounds; i++) coldNoStem.push(await coldRound(cold, 'cold-nostem', i, false));
  const coldNoStemS = summariseRounds([coldNoStem.map((c) => c.firstCall)]);
  latencyRows('fnbox cold (first call of a new function)', 'stem cells off', coldNoStemS, { name: 'seed.run', s: seed }, `n=${coldNoStemS.n}, not cold: ${coldNoStem.filter((c) => !c.cold).length}`);
  // Warm Node containers, on this server so each is created for (and labelled with) its function.
  const nodeFns: string[] = [];
  for (let i = 0; i < COUNTS.nodeFunctions; i++) {
    const fn = await cold.createFunction({ name: `bench-node-${i}`, runtime: 'NODE', code: README_JAVASCRIPT, route: `/bench-node-${i}` });
    nodeFns.push(fn.id);
    await sequential(3, () => cold.client.request({ method: 'GET', path: `/fn/bench-node-${i}`, headers: { authorization: `Bearer ${cold.token}` } }), okBody);
  }
  await sleep(SMOKE ? 200 : 1000);
  const coldHash = dataDirHash(cold.dataDir);
  const nodeIds = (await Promise.all(nodeFns.map((id) => listIdsByLabels(docker, { [LABELS.data]: coldHash, [LABELS.fn]: id })))).flat();
  const nodeMem = median(await Promise.all(nodeIds.map((id) => containerMemoryMb(docker, id))));
  await cold.stop();
  servers.splice(servers.indexOf(cold), 1);

  addRow({ section: 'memory', name: 'floor: bare node:http server RSS', value: floorRss, unit: 'MB' });
  addRow({ section: 'memory', name: 'fnbox server RSS, idle after start', value: idleRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: `VmRSS of \`node ${SERVER_NODE_FLAGS.join(' ')} dist/server/main.mjs\` (what npm start runs)` });
  addRow({ section: 'memory', name: 'fnbox server RSS under load (max)', value: Math.max(...rssSamples), unit: 'MB', floor: 'bare node:http', floorValue: floorRss, note: `median ${median(rssSamples).toFixed(1)} MB over ${rssSamples.length} samples` });
  addRow({ section: 'memory', name: 'fnbox server RSS, idle after load', value: idleAfterRss, unit: 'MB', floor: 'bare node:http', floorValue: floorRss });
  addRow({ section: 'memory', name: 'floor: python3 echo container', value: pyFloorMem, unit: 'MB' });
  addRow({ section: 'memory', name: 'warm Python function container', value: pyMem, unit: 'MB', floor: 'python3 echo container', floorValue: pyFloorMem, note: `median of ${pyIds.length}; docker stats (usage - inactive_file)` });
  addRow({ section: 'memory', name: 'floor: node echo container', value: nodeFloorMem, unit: 'MB' });
  addRow({ section: 'memory', name: 'warm Node function container', value: nodeMem, unit: 'MB', floor: 'node echo container', floorValue: nodeFloorMem, note: `median of ${nodeIds.length}` });
  return { idleAfterRss, pyMem, nodeMem, coldNoStem };
}
