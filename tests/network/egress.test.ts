/**
 * Egress, attacked from inside functions: an EGRESS function reaches "the internet" (a test
 * host on a documentation address) and names its own DNS server resolves, and nothing else:
 * not a private host, not cloud metadata, not the fnbox server on any of this host's
 * addresses, not another container. NONE functions reach nothing, whichever stem cell served
 * them. A server whose guard cannot run refuses EGRESS, says so in /healthz, and runs NONE.
 * Needs root (network namespaces, iptables); every host, rule and network is removed after.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgressConfig } from '../../server/config.js';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { DockerodeEngine } from '../../server/executor/dockerode.engine.js';
import { EgressGuard } from '../../server/network/egress.guard.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startTestHost, type TestHost } from './test.hosts.js';

const canRun = process.platform === 'linux' && process.getuid?.() === 0 && (() => {
  try {
    execFileSync('iptables', ['-S', 'DOCKER-USER'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const docker = new Docker();
const engine = new DockerodeEngine(docker);
const id = crypto.randomBytes(3).toString('hex');
const egress: EgressConfig = { guard: 'iptables', network: `fnbxt-egress-${id}`, bridge: `fnbxteg${id}`, subnet: '', dns: ['10.123.45.2'], allow: [] };

/** GETs http://host:port/ from inside the function; the outcome, never a throw. */
const PROBE = `const http = require('http');
exports.handler = (e) => new Promise((resolve) => {
  const req = http.get({ host: e.host, port: e.port, path: '/', timeout: 1500 }, (res) => {
    let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => resolve({ ok: true, body }));
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
  req.on('error', (err) => resolve({ ok: false, error: err.code || err.message }));
});`;
/** Asks one DNS server directly (not through the container's resolver) for an A record. */
const DNS_PROBE = `const { Resolver } = require('dns').promises;
exports.handler = async (e) => {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([e.server]);
  try { return { ok: true, addresses: await resolver.resolve4(e.name) }; } catch (err) { return { ok: false, error: err.code }; }
};`;
/** Listens on 7070 inside its container (kept warm) and returns the container's address. */
const LISTENER = `const net = require('net'), os = require('os');
let server;
exports.handler = async () => {
  server ??= net.createServer((s) => s.end('container')).listen(7070);
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return Object.values(os.networkInterfaces()).flat().find((a) => a.family === 'IPv4' && !a.internal).address;
};`;

let server: TestServer;
let token: string;
const hosts: TestHost[] = [];
let inet: TestHost;
let privateHost: TestHost;
let metadata: TestHost;

async function createFunction(name: string, code: string, network?: 'NONE' | 'EGRESS', target = server, as = token): Promise<string> {
  const res = await target.gql('mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id network } }', { input: { name, runtime: 'NODE', code, network } }, as);
  expect(res.errors).toBeUndefined();
  expect(res.data.createFunction.network).toBe(network ?? 'NONE');
  return res.data.createFunction.id;
}

async function invoke(fnId: string, input: unknown, target = server, as = token) {
  const res = await target.gql('mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { status result error } }', { id: fnId, input }, as);
  return res;
}

async function probe(fnId: string, host: string, port: number): Promise<{ ok: boolean; body?: string; error?: string }> {
  const res = await invoke(fnId, { host, port });
  expect(res.errors).toBeUndefined();
  expect(res.data.invokeFunction.status).toBe('SUCCESS');
  return res.data.invokeFunction.result;
}

/** Blocked: no data and no refusal either (a refusal would mean the packet got there). */
function expectBlocked(outcome: { ok: boolean; error?: string }) {
  expect(outcome.ok).toBe(false);
  expect(outcome.error).not.toBe('ECONNREFUSED');
}

beforeAll(async () => {
  if (!canRun) return;
  // The internet host runs a DNS server too: one EGRESS functions must not query directly.
  inet = await startTestHost('inet', { address: '198.51.100.10', hostAddress: '198.51.100.1', httpPort: 8080, dnsNames: { 'inet.fnbox.test': '198.51.100.10' } });
  hosts.push(inet);
  privateHost = await startTestHost('priv', {
    address: '10.123.45.2',
    hostAddress: '10.123.45.1',
    httpPort: 8080,
    dnsNames: { 'inet.fnbox.test': '198.51.100.10' },
  });
  hosts.push(privateHost);
  metadata = await startTestHost('meta', { address: '169.254.169.254', hostAddress: '169.254.169.1', httpPort: 80 });
  hosts.push(metadata);
}, 60_000);
afterAll(() => {
  for (const host of hosts) host.remove();
});

describe.skipIf(!canRun)('EGRESS functions', () => {
  let egressProbe: string;
  let noneProbe: string;

  beforeAll(async () => {
    server = await startTestServer({ host: '0.0.0.0', executor: { stemCellsPerRuntime: 1, egress } as never });
    ({ token } = await server.signUp('egress'));
    egressProbe = await createFunction('egress-probe', PROBE, 'EGRESS');
    noneProbe = await createFunction('none-probe', PROBE);
  }, 300_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await new EgressGuard(egress.bridge).uninstall().catch(() => undefined);
    await engine.removeNetwork(egress.network).catch(() => undefined);
  }, 60_000);

  it('the test hosts answer this host directly (so a blocked call below is the guard at work)', async () => {
    for (const host of [inet, privateHost, metadata]) {
      const text = await fetch(`http://${host.address}:${host.httpPort}/`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
      expect(text).toBe(`host:${host.namespace.split('-')[1]}`);
    }
    const health = await server.http('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body.degraded).toBeUndefined();
  });

  it('an EGRESS function reaches the internet; a NONE function does not', async () => {
    expect(await probe(egressProbe, inet.address, inet.httpPort)).toEqual({ ok: true, body: 'host:inet' });
    expectBlocked(await probe(noneProbe, inet.address, inet.httpPort));
  });

  it('an EGRESS function resolves names through FNBOX_EGRESS_DNS only, which sits in a private range', async () => {
    expect(await probe(egressProbe, 'inet.fnbox.test', inet.httpPort)).toEqual({ ok: true, body: 'host:inet' });
    // The resolver's host answers DNS, and nothing else: its web server stays out of reach.
    expectBlocked(await probe(egressProbe, privateHost.address, privateHost.httpPort));
  });

  it('an EGRESS function sends DNS to FNBOX_EGRESS_DNS only, not to a server of its choosing', async () => {
    const dnsProbe = await createFunction('dns-probe', DNS_PROBE, 'EGRESS');
    const ask = async (server: string) => (await invoke(dnsProbe, { server, name: 'inet.fnbox.test' })).data.invokeFunction.result;
    expect(await ask(privateHost.address)).toEqual({ ok: true, addresses: ['198.51.100.10'] });
    expect((await ask(inet.address)).ok).toBe(false);
  });

  it('an EGRESS function reaches neither a private host nor cloud metadata', async () => {
    expectBlocked(await probe(egressProbe, privateHost.address, privateHost.httpPort));
    expectBlocked(await probe(egressProbe, metadata.address, metadata.httpPort));
  });

  it('an EGRESS function cannot reach the fnbox server on any address of this host', async () => {
    const network = await docker.getNetwork(egress.network).inspect();
    const gateway = network.IPAM?.Config?.[0]?.Gateway as string;
    const addresses = [gateway, '192.0.2.2', '172.17.0.1', inet.hostAddress, privateHost.hostAddress];
    for (const address of addresses) {
      // The server listens on 0.0.0.0: from this host, each address answers.
      const direct = await fetch(`http://${address}:${server.app.port}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
      expect(direct, `this host reaches fnbox on ${address}`).toBe(200);
      expectBlocked(await probe(egressProbe, address, server.app.port));
    }
  });

  it('an EGRESS function cannot reach another EGRESS container', async () => {
    const listener = await createFunction('egress-listener', LISTENER, 'EGRESS');
    const res = await invoke(listener, {});
    const address = res.data.invokeFunction.result as string;
    expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // The listener is up: this host connects to it.
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(7070, address);
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
    });
    expect(text).toBe('container');
    expectBlocked(await probe(egressProbe, address, 7070));
  });

  it('stem cells never carry network access across: new NONE functions stay offline, new EGRESS ones are online', async () => {
    // Both pools exist now (the EGRESS one since the first EGRESS call): fresh functions claim from them.
    for (let i = 0; i < 2; i++) {
      const none = await createFunction(`none-${i}`, PROBE);
      expectBlocked(await probe(none, inet.address, inet.httpPort));
      const online = await createFunction(`egress-${i}`, PROBE, 'EGRESS');
      expect(await probe(online, inet.address, inet.httpPort)).toEqual({ ok: true, body: 'host:inet' });
    }
    const instance = (server.app.services.executor as DockerExecutor).identity.instanceId;
    const containers = await docker.listContainers({ filters: { label: [`fnbox.instance=${instance}`] } });
    expect(containers.some((c) => c.Labels['fnbox.network'] === 'EGRESS')).toBe(true);
    for (const c of containers) {
      expect(c.HostConfig.NetworkMode).toBe(c.Labels['fnbox.network'] === 'EGRESS' ? egress.network : 'none');
    }
  });

  it('an egressAllow list narrows an EGRESS function to its destinations and opens nothing the platform blocks', async () => {
    const create = async (name: string, egressAllow: string[]) => {
      const res = await server.gql('mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id egressAllow } }', { input: { name, runtime: 'NODE', code: PROBE, network: 'EGRESS', egressAllow } }, token);
      expect(res.errors).toBeUndefined();
      return res.data.createFunction as { id: string; egressAllow: string[] };
    };
    const bad = await server.gql('mutation { createFunction(input: { name: "bad", runtime: NODE, code: "x", network: EGRESS, egressAllow: ["example.com"] }) { id } }', {}, token);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    // Not listed: the internet host is out of reach. Listed but private (and not opened by the
    // operator): still out of reach. Both claim EGRESS stem cells, narrowed before their code loads.
    const elsewhere = await create('narrow-elsewhere', ['198.51.100.99', '10.123.45.2:8080']);
    expect(elsewhere.egressAllow).toEqual(['198.51.100.99/32', '10.123.45.2/32:8080']);
    expectBlocked(await probe(elsewhere.id, inet.address, inet.httpPort));
    expectBlocked(await probe(elsewhere.id, privateHost.address, privateHost.httpPort));

    const listed = await create('narrow-listed', ['198.51.100.10/32:8080']);
    expect(await probe(listed.id, inet.address, inet.httpPort)).toEqual({ ok: true, body: 'host:inet' });
    expect(await probe(listed.id, 'inet.fnbox.test', inet.httpPort)).toEqual({ ok: true, body: 'host:inet' }); // DNS still works

    const moved = await server.gql('mutation($id: ID!) { updateFunction(id: $id, input: { egressAllow: ["198.51.100.10:9999"] }) { version } }', { id: listed.id }, token);
    expect(moved.data.updateFunction.version).toBe(2);
    expectBlocked(await probe(listed.id, inet.address, inet.httpPort));

    // Once the containers are gone, so are their rules.
    for (const fnId of [elsewhere.id, listed.id]) await server.gql('mutation($id: ID!) { deleteFunction(id: $id) }', { id: fnId }, token);
    const deadline = Date.now() + 20_000;
    const perFunction = () => execFileSync('iptables', ['-S', `FNBOX-FN-${egress.bridge}`]).toString().split('\n').filter((l) => l.startsWith('-A'));
    while (perFunction().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(perFunction()).toEqual([]);
  });

  it('switching a function to NONE takes its network away at once (a new version, new containers)', async () => {
    const fnId = await createFunction('switch', PROBE, 'EGRESS');
    expect((await probe(fnId, inet.address, inet.httpPort)).ok).toBe(true);
    const res = await server.gql('mutation($id: ID!) { updateFunction(id: $id, input: { network: NONE }) { network version } }', { id: fnId }, token);
    expect(res.data.updateFunction).toEqual({ network: 'NONE', version: 2 });
    expectBlocked(await probe(fnId, inet.address, inet.httpPort));
  });
});

describe.skipIf(!canRun)('EGRESS with the guard unavailable', () => {
  let off: TestServer;
  let offToken: string;

  beforeAll(async () => {
    off = await startTestServer({ executor: { stemCellsPerRuntime: 0, egress: { ...egress, guard: 'off' } } as never });
    ({ token: offToken } = await off.signUp('egress-off'));
  }, 300_000);
  afterAll(() => off?.close(), 60_000);

  it('refuses EGRESS functions with UNAVAILABLE and the reason, reports it in /healthz, and runs NONE functions', async () => {
    const egressFn = await createFunction('refused', PROBE, 'EGRESS', off, offToken);
    const refused = await invoke(egressFn, { host: '198.51.100.10', port: 8080 }, off, offToken);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
    expect(refused.errors?.[0].message).toMatch(/EGRESS functions cannot run: turned off \(FNBOX_EGRESS_GUARD=off\)/);

    const health = await off.http('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.degraded).toEqual(['egress: turned off (FNBOX_EGRESS_GUARD=off)']);

    const noneFn = await createFunction('still-runs', 'exports.handler = () => "ran";', 'NONE', off, offToken);
    const ran = await invoke(noneFn, {}, off, offToken);
    expect(ran.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: 'ran' });
  });
});

describe.skipIf(!canRun)('the same calls without our rules (FNBOX_EGRESS_GUARD=external, nothing installed)', () => {
  // The control: on a network of its own with no rules, the private host and metadata answer,
  // so the blocks above are the guard's doing, not routing or the test hosts.
  const unguarded: EgressConfig = { ...egress, guard: 'external', network: `fnbxt-open-${id}`, bridge: `fnbxtop${id}` };
  let open: TestServer;
  let openToken: string;

  beforeAll(async () => {
    open = await startTestServer({ executor: { stemCellsPerRuntime: 0, egress: unguarded } as never });
    ({ token: openToken } = await open.signUp('egress-open'));
  }, 300_000);
  afterAll(async () => {
    await open?.close().catch(() => undefined);
    await engine.removeNetwork(unguarded.network).catch(() => undefined);
  }, 60_000);

  it('reaches the private host and the metadata host, and queries any DNS server', async () => {
    const fnId = await createFunction('unguarded', PROBE, 'EGRESS', open, openToken);
    for (const host of [privateHost, metadata]) {
      const res = await invoke(fnId, { host: host.address, port: host.httpPort }, open, openToken);
      expect(res.data.invokeFunction.result).toEqual({ ok: true, body: `host:${host.namespace.split('-')[1]}` });
    }
    const dnsProbe = await createFunction('unguarded-dns', DNS_PROBE, 'EGRESS', open, openToken);
    const answer = await invoke(dnsProbe, { server: inet.address, name: 'inet.fnbox.test' }, open, openToken);
    expect(answer.data.invokeFunction.result).toEqual({ ok: true, addresses: ['198.51.100.10'] });
    expect((await open.http('GET', '/healthz')).body.degraded).toBeUndefined();
  });
});
