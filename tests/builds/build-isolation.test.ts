/**
 * Builds run code the user does not control (npm install scripts, setup.py): this suite is such
 * code, attacking from inside a build. A root postinstall script probes a service on this host
 * (on every host address, and the build network's gateway), a private host (a network namespace
 * on 10.123.48.2) and the engine's socket, and tries to write the image; the build must reach
 * none of them while it does reach the registry it installs from, and it runs unprivileged.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostIpv4Addresses } from '../../server/network/egress.guard.js';
import { startTestHost, type TestHost } from '../network/test.hosts.js';
import type { TestServer } from '../support/test-server.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, hostNpmRegistry, startBuildServer } from './build.helpers.js';

let server: TestServer;
let token: string;
let privateHost: TestHost | undefined;
let listener: net.Server;
let listenerPort: number;

const PROBE = String.raw`
const net = require('net'), fs = require('fs');
const probe = (host, port) => new Promise((resolve) => {
  const s = net.connect({ host, port, timeout: 1500 });
  s.on('connect', () => { s.destroy(); resolve('open'); });
  s.on('timeout', () => { s.destroy(); resolve('blocked'); });
  s.on('error', (e) => resolve(e.code));
});
(async () => {
  const targets = JSON.parse(process.env.npm_package_config_targets);
  const out = { reached: {} };
  for (const [host, port] of targets) out.reached[host + ':' + port] = await probe(host, port);
  out.engineSocket = fs.existsSync('/var/run/docker.sock') || fs.existsSync('/run/docker.sock');
  out.uid = process.getuid();
  try { fs.writeFileSync('/usr/fnbox-was-here', 'x'); out.imageWritable = true; } catch { out.imageWritable = false; }
  console.log('PROBE ' + JSON.stringify(out));
})();`;

beforeAll(async () => {
  if (!canBuild) return;
  listener = net.createServer((socket) => socket.end('host service')).listen(0, '0.0.0.0');
  await new Promise((resolve) => listener.once('listening', resolve));
  listenerPort = (listener.address() as net.AddressInfo).port;
  privateHost = await startTestHost('bpriv', { address: '10.123.48.2', hostAddress: '10.123.48.1', prefix: 30, httpPort: 8080 });
  const npm = await hostNpmRegistry();
  server = await startBuildServer('iso', npm.config, npm.egress);
  token = (await server.signUp('attacker')).token;
}, 120_000);

afterAll(async () => {
  await closeBuildServer(server);
  privateHost?.remove();
  listener?.close();
}, 60_000);

describe.runIf(canBuild)('build isolation', () => {
  it('an install script reaches neither this host, a private host nor the engine, and runs unprivileged on a read-only image', async () => {
    // This host does answer them directly: a blocked probe below is the guard at work.
    await new Promise<void>((resolve, reject) => net.connect({ host: '10.123.48.2', port: 8080 }).once('connect', function (this: net.Socket) { this.destroy(); resolve(); }).once('error', reject));

    const hostTargets = hostIpv4Addresses().filter((a) => !a.startsWith('127.')).map((a) => [a, listenerPort]);
    const targets = [...hostTargets, ['10.123.48.2', 8080], ['169.254.169.254', 80]];
    const manifest = JSON.stringify({ config: { targets: JSON.stringify(targets), probe: PROBE }, scripts: { postinstall: 'node -e "eval(process.env.npm_package_config_probe)"' }, dependencies: { 'is-number': '7.0.0' } });
    const created = await createFunction(server, token, { name: 'prober', runtime: 'NODE', code: 'exports.handler = () => 1;', dependencies: manifest });
    expect(created.errors).toBeUndefined();
    const { build } = await buildEnded(server, token, created.data.createFunction.id);
    expect(build.status, build.log).toBe('SUCCEEDED'); // the registry was reachable
    const line = build.log.split('\n').find((l: string) => l.startsWith('PROBE '));
    expect(line, build.log).toBeDefined();
    const probe = JSON.parse(line!.slice('PROBE '.length));
    expect(Object.keys(probe.reached)).toHaveLength(targets.length);
    for (const [target, outcome] of Object.entries(probe.reached)) {
      expect(outcome, target).not.toBe('open');
      expect(outcome, target).not.toBe('ECONNREFUSED'); // a refusal would mean the packet got there
    }
    expect(probe.engineSocket).toBe(false);
    expect(probe.uid).toBe(10001);
    expect(probe.imageWritable).toBe(false);
  }, 300_000);
});
