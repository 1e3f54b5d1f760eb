// `npm run cluster [-- --nodes N] [-- --port P]`: a cluster on this machine, for a demo and for
// tests/cluster: PostgreSQL and Redis (scripts/ensure-*.sh), then N nodes, each the same server
// `npm start` runs with a container engine of its own: its own dockerd (data-root, exec-root,
// pidfile, unix socket) on its own Linux bridge, with the runtime images copied in from the host
// engine (`docker save | docker load`, never rebuilt per engine). Node i listens on P+i-1.
// Needs root. Ctrl-C stops the nodes (they drain) and the engines.
//
// The functions below are also what the tests start their engines and nodes with.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, SERVER_NODE_FLAGS } from './build-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Engines keep their images between runs here (loading them is the slow part). */
const ENGINES_DIR = process.env.FNBOX_CLUSTER_ENGINES_DIR || '/var/lib/fnbox-cluster';

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const quiet = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether this machine can run engines of its own: root and a dockerd binary. */
export function canRunEngines() {
  return process.getuid?.() === 0 && quiet('sh', ['-c', 'command -v dockerd && command -v ip']);
}

/** The runtime images the server needs, as the host engine has them (built there once if missing). */
export function runtimeImageTags() {
  const out = run('npx', ['tsx', 'server/executor/build-runtimes.ts', ...(process.env.FNBOX_OFFLINE_IMAGES ? ['--offline'] : [])], { cwd: root });
  return [...out.matchAll(/^(?:python|node): (\S+)$/gm)].map((m) => m[1]);
}

/**
 * Engine `index` (1..) of this process: a dockerd with no iptables rules of its own (it must
 * not touch the host's; `--bridge=none` would delete docker0) on a bridge of its own. Each
 * engine takes a free slot k (see claimSlot): bridge fnbxc<k> with 10.213.<k>.1/24, socket at
 * /run/fnbx-c<k>/docker.sock, data root engine-<k> (its images are kept there between runs),
 * so that several test runs on one machine never share an engine. Returns
 * { index, slot, host: DOCKER_HOST, stop(), stopDaemon(), startDaemon() }: stop() ends the engine
 * and frees its slot; stopDaemon() and startDaemon() stop and start its dockerd in the same slot
 * (an engine outage, for tests).
 */
export async function startEngine(index, images = runtimeImageTags()) {
  const slot = await claimSlot();
  const name = `fnbxc${slot}`;
  const execRoot = slotDir(slot); // short: unix socket paths are limited to 108 bytes
  const socket = `${execRoot}/docker.sock`;
  const host = `unix://${socket}`;
  const dataRoot = path.join(ENGINES_DIR, `engine-${slot}`);
  if (!quiet('ip', ['link', 'show', name])) {
    run('ip', ['link', 'add', name, 'type', 'bridge']);
    run('ip', ['addr', 'add', `10.213.${slot}.1/24`, 'dev', name]);
  }
  run('ip', ['link', 'set', name, 'up']);
  fs.mkdirSync(dataRoot, { recursive: true });
  const startDaemon = async () => {
    const log = fs.openSync(path.join(dataRoot, 'dockerd.log'), 'a');
    const daemon = spawn(
      'dockerd',
      ['--data-root', dataRoot, '--exec-root', execRoot, '--pidfile', `${execRoot}/dockerd.pid`, '-H', host, '--bridge', name, '--iptables=false', '--ip-masq=false'],
      { stdio: ['ignore', log, log], detached: true },
    );
    fs.closeSync(log);
    daemon.unref();
    for (let i = 0; !quiet('docker', ['-H', host, 'version']); i++) {
      if (i > 120 || daemon.exitCode !== null) throw new Error(`dockerd ${index} (slot ${slot}) did not come up: see ${dataRoot}/dockerd.log`);
      await sleep(250);
    }
  };
  await startDaemon();
  const missing = images.filter((tag) => !quiet('docker', ['-H', host, 'image', 'inspect', tag]));
  if (missing.length) {
    const save = spawn('docker', ['save', ...missing], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['-H', host, 'load', '-q'], { stdio: [save.stdout, 'ignore', 'inherit'] });
    const code = await new Promise((resolve) => load.on('exit', resolve));
    if (code !== 0) throw new Error(`loading the runtime images into engine ${index} failed`);
  }
  return {
    index,
    slot,
    host,
    stop: () => stopEngineAt(execRoot, name),
    // An engine outage and its end: the dockerd alone, its slot, bridge and socket path kept.
    stopDaemon: () => stopEngineAt(execRoot),
    startDaemon,
  };
}

const slotDir = (slot) => `/run/fnbx-c${slot}`;
const OWNER_FILE = 'owner.pid';
const alive = (pid) => pid > 0 && quiet('kill', ['-0', String(pid)]);

/**
 * A slot no living process holds: /run/fnbx-c<k>/owner.pid names the process that started the
 * engine there. A slot whose owner died (an interrupted run) is taken over after stopping its
 * dockerd. Claims are made under a machine-wide lock (a directory: mkdir is atomic), so two
 * runs starting at once never pick the same slot.
 */
async function claimSlot() {
  const lock = '/run/fnbx-slots.lock';
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock older than 60 s was left by a killed claimer (claims take milliseconds, plus a stale engine's stop).
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (i > 2_400) throw new Error(`could not lock ${lock}`);
      await sleep(50);
    }
  }
  try {
    for (let slot = 1; slot < 250; slot++) {
      const dir = slotDir(slot);
      const owner = Number(fs.existsSync(path.join(dir, OWNER_FILE)) ? fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8') : 0);
      if (alive(owner)) continue;
      await stopEngineAt(dir); // one left by an interrupted run
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
      return slot;
    }
    throw new Error('no free engine slot (250 engines running?)');
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

async function stopEngineAt(execRoot, bridge) {
  const pidFile = `${execRoot}/dockerd.pid`;
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0;
  if (pid > 0 && quiet('kill', ['-0', String(pid)])) {
    // Its containers are its own: stopping the engine stops them (the node already removed them).
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 120 && quiet('kill', ['-0', String(pid)]); i++) await sleep(250);
  }
  if (bridge && quiet('ip', ['link', 'show', bridge])) quiet('ip', ['link', 'del', bridge]);
  if (bridge) fs.rmSync(execRoot, { recursive: true, force: true });
}

/**
 * Node `index` of a cluster: the bundled server (as `npm start` runs it) on `port`, with the
 * engine at `dockerHost`. `env` adds or overrides settings. Returns the child process, its
 * URL, and stop(signal) that resolves when it has exited.
 */
export async function startNode({ index, port, dockerHost, databaseUrl, redisUrl, secret, dataDir, env = {}, logFile }) {
  const bundle = await buildServer();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(dataDir, { recursive: true });
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--enable-source-maps', bundle], {
    cwd: root,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DOCKER_HOST: dockerHost,
      FNBOX_DATA_DIR: dataDir,
      FNBOX_DATABASE_URL: databaseUrl,
      FNBOX_REDIS_URL: redisUrl,
      FNBOX_NODE_URL: url,
      // Every node derives the same JWT and secrets keys from it (server/cluster/cluster.keys.ts).
      FNBOX_CLUSTER_SECRET: secret,
      // The engines make no iptables rules, so the egress guard cannot be installed on them.
      FNBOX_EGRESS_GUARD: 'off',
      ...env,
    },
  });
  if (typeof out === 'number') fs.closeSync(out);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    index,
    url,
    port,
    child,
    exited,
    /** SIGTERM drains; SIGKILL is a crash. */
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Debian's nginx in front of `ports` on a free loopback port, as the deployment guide puts it:
 * a node that refuses the connection (stopped) or answers 503 (draining, starting) is skipped
 * for the next upstream. Returns { url, port, stop() }.
 */
export async function startBalancer(dir, ports, listenPort) {
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(prefix, { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream fnbox { ${ports.map((p) => `server 127.0.0.1:${p} max_fails=0;`).join(' ')} keepalive 32; }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://fnbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # A 503 or a refused connection means the call did not run there: safe to retry, POST included.
      proxy_next_upstream error http_503 non_idempotent;
      proxy_next_upstream_tries 0;
    }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listenPort}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start: see ${prefix}/error.log`);
      await sleep(100);
    }
  }
  return {
    url,
    port: listenPort,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resolves once `url`/healthz answers 200 (the node is up and has joined). */
export async function waitHealthy(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await sleep(200);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : fallback;
  };
  const nodes = Number(option('nodes', '3'));
  const basePort = Number(option('port', '8081'));
  if (!canRunEngines()) throw new Error('npm run cluster needs root and dockerd (apt-get install docker.io)');
  run('bash', [path.join(root, 'scripts/ensure-postgres.sh')], { stdio: 'inherit' });
  run('bash', [path.join(root, 'scripts/ensure-redis.sh')], { stdio: 'inherit' });
  // The demo's own database, made once; the role is the one ensure-postgres.sh makes.
  const role = process.env.FNBOX_TEST_PG_ROLE || 'fnbox_test';
  const password = process.env.FNBOX_TEST_PG_PASSWORD || 'fnbox_test';
  if (!run('su', ['postgres', '-c', `psql -qAtc "select 1 from pg_database where datname = 'fnbox_cluster'"`]).trim()) {
    run('su', ['postgres', '-c', `psql -qAtc "create database fnbox_cluster owner ${role}"`]);
  }
  const databaseUrl = process.env.FNBOX_DATABASE_URL || `postgres://${role}:${password}@127.0.0.1:5432/fnbox_cluster`;
  const redisUrl = process.env.FNBOX_REDIS_URL || 'redis://127.0.0.1:6379';
  const secret = process.env.FNBOX_CLUSTER_SECRET || 'fnbox demo cluster secret: set FNBOX_CLUSTER_SECRET';
  console.log(`runtime images: from the host engine`);
  const images = runtimeImageTags();
  const engines = [];
  const started = [];
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping: nodes drain, then the engines stop');
    await Promise.all(started.map((node) => node.stop('SIGTERM')));
    await Promise.all(engines.map((engine) => engine.stop()));
    process.exit(0);
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  for (let i = 1; i <= nodes; i++) {
    const engine = await startEngine(i, images);
    engines.push(engine);
    console.log(`engine ${i}: ${engine.host}`);
  }
  for (const engine of engines) {
    const i = engine.index;
    const node = await startNode({
      index: i,
      port: basePort + i - 1,
      dockerHost: engine.host,
      databaseUrl,
      redisUrl,
      secret,
      dataDir: path.join(ENGINES_DIR, `node-${i}`),
      logFile: path.join(ENGINES_DIR, `node-${i}.log`),
    });
    started.push(node);
    node.exited.then(({ code, signal }) => !stopping && console.log(`node ${i} exited (${signal ?? code}); log: ${ENGINES_DIR}/node-${i}.log`));
  }
  await Promise.all(started.map((node) => waitHealthy(node.url)));
  for (const node of started) console.log(`node ${node.index}: ${node.url} (log ${ENGINES_DIR}/node-${node.index}.log)`);
  console.log('cluster up: put any HTTP load balancer in front of these URLs; Ctrl-C stops it');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(`npm run cluster failed: ${error.message}`);
    process.exit(1);
  });
}
