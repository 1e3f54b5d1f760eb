import type Docker from 'dockerode';
import { dataDirHash, LABELS } from '../../server/executor/container.hardening.js';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import type { ensureRuntimeImages } from '../../server/executor/images/image.builder.js';
import { EgressGuard } from '../../server/network/egress.guard.js';
import { KeepAliveClient } from '../lib/client.js';
import { BENCH_LABEL, removeByLabels } from '../lib/docker.js';
import { README_PYTHON, startEchoContainer, startFloorHttp, type EchoContainer, type FloorHttp } from '../lib/floors.js';
import { createReadmeFunctions, rssMbOf, startFnbox, type FnboxServer } from '../lib/fnbox.js';
import { lambdaSigner } from '../lib/sigv4.js';
import { COUNTS, EGRESS, log, SERVER, SMOKE, sleep } from './settings.js';

export type RuntimeImages = Awaited<ReturnType<typeof ensureRuntimeImages>>;

/** What the bench started, so that it is all stopped and removed at the end, also on failure. */
export interface Resources {
  servers: FnboxServer[];
  dataHashes: string[];
  echoes: EchoContainer[];
  floor?: FloorHttp;
}

/** The floors and the fnbox server side by side (idle while the other is measured), with its functions. */
export interface Bench {
  docker: Docker;
  images: RuntimeImages;
  resources: Resources;
  floor: FloorHttp;
  floorClient: KeepAliveClient;
  /** python3 and node echo containers: floor.attach and the memory floors. */
  echo: EchoContainer;
  nodeEcho: EchoContainer;
  server: FnboxServer;
  idleRss: number;
  floorRss: number;
  auth: Record<string, string>;
  keyAuth: Record<string, string>;
  signLambda: ReturnType<typeof lambdaSigner>;
  fns: Awaited<ReturnType<typeof createReadmeFunctions>>;
  /** Whether the EGRESS function runs here (see EGRESS in settings.ts). */
  egressWorks: boolean;
}

export async function setUp(docker: Docker, images: RuntimeImages, resources: Resources): Promise<Bench> {
  const { servers, dataHashes, echoes } = resources;
  const floor = (resources.floor = await startFloorHttp());
  const floorClient = new KeepAliveClient(floor.url, 64);
  const echo = await startEchoContainer(docker, images.PYTHON, 'PYTHON');
  echoes.push(echo);
  const nodeEcho = await startEchoContainer(docker, images.NODE, 'NODE');
  echoes.push(nodeEcho);

  log('fnbox server (stem cells on)');
  const server = await startFnbox(SERVER, 64);
  servers.push(server);
  dataHashes.push(dataDirHash(server.dataDir));
  await sleep(SMOKE ? 200 : 2000); // settle after start-up
  const idleRss = server.rssMb();
  const floorRss = rssMbOf(floor.pid);
  const auth = { authorization: `Bearer ${server.token}` };
  // The same user's API key: what scripts and CI send (resolved keys are remembered).
  const createdKey = (await server.gql('mutation { createApiKey(name: "bench") { key accessKeyId secretAccessKey } }')).createApiKey;
  const apiKey: string = createdKey.key;
  const keyAuth = { authorization: `Bearer ${apiKey}` };
  // The same key's AWS credentials: the Lambda API's Invoke, signed per call as the SDKs sign.
  const signLambda = lambdaSigner(createdKey, new URL(server.url).host);

  log(`creating ${COUNTS.manyFunctions} Python functions`);
  const fns = await createReadmeFunctions(server, 'bench', COUNTS.manyFunctions);
  // The same function behind a PUBLIC route: the warm path without a credential check.
  await server.createFunction({ name: 'bench-public', runtime: 'PYTHON', code: README_PYTHON, route: '/bench-public', access: 'PUBLIC' });
  // First calls (cold) a few at a time, so the load rows start warm.
  for (let i = 0; i < fns.length; i += 4) {
    await Promise.all(fns.slice(i, i + 4).map((fn) => server.client.request({ method: 'GET', path: fn.route, headers: auth })));
  }
  await server.client.request({ method: 'GET', path: '/fn/bench-public' });
  // The same function with network EGRESS, when the guard works here (see EGRESS).
  const health = JSON.parse((await server.client.request({ method: 'GET', path: '/healthz' })).body) as { degraded?: string[] };
  const egressWorks = !!EGRESS && !health.degraded?.some((d) => d.startsWith('egress'));
  if (egressWorks) {
    await server.createFunction({ name: 'bench-egress', runtime: 'PYTHON', code: README_PYTHON, route: '/bench-egress', network: 'EGRESS' });
    await server.client.request({ method: 'GET', path: '/fn/bench-egress', headers: auth });
  } else {
    log(`EGRESS row skipped: ${EGRESS ? `egress is degraded (${health.degraded?.join('; ')})` : 'needs root for the guard, or FNBOX_EGRESS_GUARD is set'}`);
  }
  return { docker, images, resources, floor, floorClient, echo, nodeEcho, server, idleRss, floorRss, auth, keyAuth, signLambda, fns, egressWorks };
}

/** Stops and removes everything in `resources`, and every container labelled as the bench's; once. */
export function cleanupOf(docker: Docker, resources: Resources): () => Promise<void> {
  const { servers, dataHashes, echoes } = resources;
  let cleaning: Promise<void> | undefined;
  return () =>
    (cleaning ??= (async () => {
      await resources.floor?.stop().catch(() => undefined);
      for (const s of servers) await s.stop().catch(() => undefined);
      await Promise.all(echoes.map((e) => e.remove().catch(() => undefined)));
      const removed =
        (await removeByLabels(docker, { [BENCH_LABEL]: '1', [LABELS.pid]: String(process.pid) })) +
        (await Promise.all(dataHashes.map((hash) => removeByLabels(docker, { [LABELS.data]: hash })))).reduce((a, b) => a + b, 0);
      if (removed) log(`removed ${removed} leftover container(s)`);
      if (EGRESS) {
        await new EgressGuard(EGRESS.bridge).uninstall().catch(() => undefined);
        await new DockerodeEngine(docker).removeNetwork(EGRESS.network).catch(() => undefined);
      }
    })());
}
