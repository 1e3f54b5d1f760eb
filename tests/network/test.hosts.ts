/**
 * Test hosts of the egress suite: network namespaces joined to this host by a veth pair, each
 * running a small HTTP server (and optionally a DNS server) under `ip netns exec`. They stand
 * in for "the internet", a private host and cloud metadata; nothing leaves this machine.
 * Needs root and iproute2. Every host is removed by `remove()`, also after a failed start.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';

export interface TestHostSpec {
  /** The namespace side's address, and the host side's (both /24 unless given). */
  address: string;
  hostAddress: string;
  prefix?: number;
  httpPort: number;
  /** Answers A queries for these names (udp/53) and NXDOMAIN for others. */
  dnsNames?: Record<string, string>;
  /** Serves this directory's files over HTTP (a directory's index.html for a path ending in /) instead of its name. */
  serveDir?: string;
}

export interface TestHost extends TestHostSpec {
  namespace: string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** What runs inside the namespace: HTTP says which host answered; DNS answers `dnsNames`. */
const SERVER = String.raw`
const http = require('http'), dgram = require('dgram'), fs = require('fs'), path = require('path');
const [name, port, names, dir] = [process.argv[1], Number(process.argv[2]), JSON.parse(process.argv[3]), process.argv[4]];
let pending = 1 + (Object.keys(names).length ? 1 : 0);
const ready = () => { if (--pending === 0) console.log('ready'); };
http.createServer((req, res) => {
  if (!dir) return res.end('host:' + name);
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = path.join(dir, path.normalize(rel), rel.endsWith('/') ? 'index.html' : '');
  if (!file.startsWith(dir)) return res.writeHead(404).end();
  const type = file.endsWith('.html') ? 'text/html' : 'application/octet-stream';
  fs.readFile(file, (err, data) => (err ? res.writeHead(404).end() : res.writeHead(200, { 'content-type': type }).end(data)));
}).listen(port, '0.0.0.0', ready);
if (Object.keys(names).length) {
  const dns = dgram.createSocket('udp4');
  dns.on('message', (q, from) => {
    let at = 12; const labels = [];
    while (q[at]) { labels.push(q.subarray(at + 1, at + 1 + q[at]).toString()); at += q[at] + 1; }
    const question = q.subarray(12, at + 5), qtype = q.readUInt16BE(at + 1);
    const answer = qtype === 1 ? names[labels.join('.').toLowerCase()] : undefined;
    const known = labels.join('.').toLowerCase() in names;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(q.readUInt16BE(0), 0);
    header.writeUInt16BE(known ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answer ? 1 : 0, 6);
    const parts = [header, question];
    if (answer) {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0); rr.writeUInt16BE(1, 2); rr.writeUInt16BE(1, 4); rr.writeUInt32BE(5, 6); rr.writeUInt16BE(4, 10);
      answer.split('.').forEach((o, i) => rr.writeUInt8(Number(o), 12 + i));
      parts.push(rr);
    }
    dns.send(Buffer.concat(parts), from.port, from.address);
  });
  dns.bind(53, '0.0.0.0', ready);
}
`;

export async function startTestHost(label: string, spec: TestHostSpec): Promise<TestHost> {
  const id = crypto.randomBytes(3).toString('hex');
  const namespace = `fnbxt-${label}-${id}`;
  const hostSide = `fxh${label.slice(0, 4)}${id}`.slice(0, 15);
  const nsSide = `fxn${label.slice(0, 4)}${id}`.slice(0, 15);
  const prefix = spec.prefix ?? 24;
  let child: ChildProcess | undefined;
  const remove = () => {
    child?.kill('SIGKILL');
    try {
      ip('netns', 'del', namespace); // takes the veth pair with it
    } catch {
      /* never created */
    }
    try {
      ip('link', 'del', hostSide);
    } catch {
      /* gone with the namespace */
    }
  };
  try {
    ip('netns', 'add', namespace);
    ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide);
    ip('link', 'set', nsSide, 'netns', namespace);
    ip('addr', 'add', `${spec.hostAddress}/${prefix}`, 'dev', hostSide);
    ip('link', 'set', hostSide, 'up');
    ip('-n', namespace, 'addr', 'add', `${spec.address}/${prefix}`, 'dev', nsSide);
    ip('-n', namespace, 'link', 'set', nsSide, 'up');
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    ip('-n', namespace, 'route', 'add', 'default', 'via', spec.hostAddress);
    child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', SERVER, label, String(spec.httpPort), JSON.stringify(spec.dnsNames ?? {}), spec.serveDir ?? ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child!.stderr!.on('data', (d) => (err += d));
      child!.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`test host ${label} exited ${code}: ${err}`)));
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { ...spec, namespace, remove };
}
