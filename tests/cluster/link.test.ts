import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardingKey, signForward } from '../../server/cluster/forward.signature.js';
import { AnswerKind, decodeAnswer, encodeCall, FrameType, LINK_PATH, linkKey, linkPath } from '../../server/cluster/link.frames.js';
import { CLUSTER_SECRET, nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The hop between nodes as one multiplexed link per peer (server/cluster/link.*): calls travel
// as frames on one upgraded connection, a peer that does not upgrade is called over HTTP, a
// link cut mid-call is "node lost", a draining home answers what it runs and closes its links;
// and the attacks on it: unsigned, replayed and expired upgrades, forged and replayed frames,
// a huge declared length, garbage.

const available = await sharedStoresAvailable();

describe.skipIf(!available)('the cluster link', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let proxy: Proxy;
  let bConfig: Awaited<ReturnType<typeof nodeConfig>>;
  let user: { token: string };
  const key = forwardingKey(CLUSTER_SECRET);
  /** An upgrade a node signed for `node` (now, or at `now`). */
  const signLink = (node: TestServer, signingKey = key, now?: number) => signForward(signingKey, 'node-x', 'GET', linkPath(node.app.services.cluster!.registry.id), Buffer.alloc(0), now);

  beforeAll(async () => {
    database = await createTestDatabase();
    // Node b is reached by the others through a proxy that sees each connection's first line.
    bConfig = await nodeConfig(database.url);
    proxy = await startProxy(bConfig.port!);
    bConfig.cluster = { ...bConfig.cluster!, nodeUrl: proxy.url };
    [a, b] = await Promise.all([startTestServer(await nodeConfig(database.url)), startTestServer(bConfig)]);
    user = await a.signUp('linked');
    const ring = (node: TestServer) => node.app.services.cluster!.registry.order('any').length;
    await until(async () => ring(a) === 2 && ring(b) === 2);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    proxy?.close();
    await database?.drop();
  });

  /** A function whose home is node b: calls entering a are forwarded to it. */
  const createOnB = async (code: string) => {
    for (let i = 0; ; i++) {
      const res = await a.gql(`mutation($c: String!, $n: String!) { createFunction(input: { name: $n, runtime: NODE, code: $c }) { id } }`, { c: code, n: `linked-${Date.now()}-${i}` }, user.token);
      const id = res.data.createFunction.id as string;
      const fn = (await a.app.services.functions.find(id))!;
      if (a.app.services.cluster!.registry.order(`${fn.id}@${fn.version}`)[0]!.id === b.app.services.cluster!.registry.id) return id;
    }
  };
  const countRuns = async (fn: string) =>
    (await a.gql('query($f: ID!) { invocations(functionId: $f, first: 100) { edges { node { id } } } }', { f: fn }, user.token)).data.invocations.edges.length as number;
  const invokeOnA = async (fn: string, n = 1) =>
    (await a.gql(`mutation($f: ID!, $n: Int!) { invokeFunction(id: $f, input: { n: $n }) { status result node input } }`, { f: fn, n }, user.token));

  it('carries concurrent forwarded calls on one upgraded connection, each answered with its own row', async () => {
    const fn = await createOnB('exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); return { got: e.n }; }');
    proxy.firstLines.length = 0;
    const calls = await Promise.all(Array.from({ length: 12 }, (_, i) => invokeOnA(fn, i)));
    for (const [i, res] of calls.entries()) {
      expect(res.errors).toBeUndefined();
      expect(res.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: { got: i }, node: b.app.services.cluster!.registry.id });
      // The row as the sender had it: the input did not travel back, it was put back.
      expect(res.data.invokeFunction.input).toEqual({ n: i });
    }
    expect(proxy.firstLines.filter((line) => line.startsWith(`GET ${LINK_PATH}?`))).toHaveLength(1);
    expect(proxy.firstLines.filter((line) => line.startsWith('POST /_cluster/invocations'))).toEqual([]);
  });

  it('fails a call as "node lost" when the link is cut while it runs, and opens a new link for the next', async () => {
    const fn = await createOnB('exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return "slow"; }');
    await invokeOnA(fn); // warm, and the link open
    const call = invokeOnA(fn);
    await new Promise((r) => setTimeout(r, 500));
    proxy.cutAll();
    const res = await call;
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(res.errors?.[0]?.message).toContain('node lost');
    // Not sent again elsewhere: the node that ran it is named by no successful row. The next call finds the node again.
    const next = await invokeOnA(fn);
    expect(next.data.invokeFunction.status).toBe('SUCCESS');
  });

  it('refuses unsigned, forged, replayed and expired upgrades', async () => {
    expect((await upgrade(b, {})).status).toBe(401);
    expect((await upgrade(b, signLink(b, forwardingKey('not the secret')))).status).toBe(401);
    const captured = signLink(b);
    const first = await upgrade(b, captured);
    expect(first.status).toBe(101);
    first.socket.destroy();
    expect((await upgrade(b, captured)).status).toBe(401);
    expect((await upgrade(b, signLink(b, key, Date.now() - 120_000))).status).toBe(401);
  });

  it('refuses an upgrade signed for another node: captured on the wire, it cannot be replayed across the cluster', async () => {
    const forA = signLink(a);
    // As it was sent (its path names node a), and with the path of b under a's signature.
    expect((await upgrade(b, forA, linkPath(a.app.services.cluster!.registry.id))).status).toBe(401);
    expect((await upgrade(b, forA)).status).toBe(401);
    // The node it was signed for takes it (b did not spend its nonce).
    const onA = await upgrade(a, forA);
    expect(onA.status).toBe(101);
    onA.socket.destroy();
  });

  it('closes a refused upgrade whose client reads its answer and then holds the connection open', async () => {
    const { port } = new URL(b.url);
    const socket = net.connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.write(`GET ${linkPath(b.app.services.cluster!.registry.id)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: fnbox-link\r\n\r\n`);
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    // This end stays open and keeps writing: only a socket the node let go of answers with a reset.
    const poke = setInterval(() => socket.writable && socket.write('x'), 50);
    await closed;
    clearInterval(poke);
  });

  it('closes a link on a call id reused while that call is in flight (never answered twice)', async () => {
    const fn = await createOnB('exports.handler = async () => { await new Promise((r) => setTimeout(r, 800)); return "once"; }');
    await invokeOnA(fn); // warm
    const signed = signLink(b);
    const link = await upgrade(b, signed);
    const frameKey = linkKey(key, signed['x-fnbox-nonce']!);
    const call = { functionId: fn, version: 1, input: '{}', trigger: 'GRAPHQL' as const };
    link.socket.write(encodeCall(5, call, frameKey, 0));
    link.socket.write(encodeCall(5, call, frameKey, 1));
    await link.closed;
    expect(link.frames.filter((frame) => frame.type === FrameType.ANSWER)).toEqual([]);
  });

  it('runs no call a sender sends after saying it sends none (DRAINED)', async () => {
    const fn = await createOnB('exports.handler = () => "late"');
    const signed = signLink(b);
    const link = await upgrade(b, signed);
    link.socket.write(Buffer.concat([Buffer.from([0, 0, 0, 1, FrameType.DRAINED]), encodeCall(3, { functionId: fn, version: 1, input: '{}', trigger: 'GRAPHQL' }, linkKey(key, signed['x-fnbox-nonce']!), 0)]));
    await link.closed;
    expect(link.frames).toEqual([]);
    // Whatever b accepted is recorded once drained.
    await b.app.services.invocations.drain();
    expect(await countRuns(fn)).toBe(0);
  });

  it('reads a call frame split into 1-byte TCP segments, and runs it once', async () => {
    const fn = await createOnB('exports.handler = (e) => e.n * 3');
    const signed = signLink(b);
    const link = await upgrade(b, signed);
    link.socket.setNoDelay(true);
    const frame = encodeCall(9, { functionId: fn, version: 1, input: '{"n":5}', trigger: 'GRAPHQL' }, linkKey(key, signed['x-fnbox-nonce']!), 0);
    for (const byte of frame) {
      link.socket.write(Buffer.from([byte]));
      await new Promise((r) => setImmediate(r));
    }
    const answer = decodeAnswer((await link.nextFrame()).body);
    expect(answer).toMatchObject({ id: 9, kind: AnswerKind.RAN });
    expect(JSON.parse(answer.json)).toMatchObject({ status: 'SUCCESS', result: '15' });
    link.socket.destroy();
  });

  it('runs a frame signed for its link once: a forged or replayed frame closes the link, nothing run', async () => {
    const fn = await createOnB('exports.handler = (e) => e.n + 1');
    const signed = signLink(b);
    const ok = await upgrade(b, signed);
    const frameKey = linkKey(key, signed['x-fnbox-nonce']!);
    const call = { functionId: fn, version: 1, input: '{"n":1}', trigger: 'GRAPHQL' as const };
    const frame = encodeCall(7, call, frameKey, 0);
    ok.socket.write(frame);
    const answer = await ok.nextFrame();
    expect(answer.type).toBe(FrameType.ANSWER);
    const decoded = decodeAnswer(answer.body);
    expect(decoded).toMatchObject({ id: 7, kind: AnswerKind.RAN });
    expect(JSON.parse(decoded.json)).toMatchObject({ status: 'SUCCESS', result: '2' });
    // The same bytes again (a replay on the wire): its number is no longer the link's next.
    ok.socket.write(frame);
    await ok.closed;

    // A frame signed with another key (no key, or another link's) on a fresh link.
    const other = await upgrade(b, signLink(b));
    other.socket.write(encodeCall(1, call, frameKey, 0));
    await other.closed;
    expect(other.frames).toEqual([]);
  });

  it('cuts off a frame with a huge declared length and closes a link on garbage, and keeps serving', async () => {
    const huge = await upgrade(b, signLink(b));
    const header = Buffer.alloc(5);
    header.writeUInt32BE(0xfffffff0, 0);
    header[4] = FrameType.CALL;
    huge.socket.write(header);
    await huge.closed;

    for (const garbage of [Buffer.from([0, 0, 0, 3, 99, 1, 2]), Buffer.from([0, 0, 0, 2, FrameType.CALL, 0]), Buffer.from([0, 0, 0, 0])]) {
      const link = await upgrade(b, signLink(b));
      link.socket.write(garbage);
      await link.closed;
    }
    expect((await b.http('GET', '/healthz')).status).toBe(200);
    const fn = await createOnB('exports.handler = () => "still"');
    expect((await invokeOnA(fn)).data.invokeFunction.status).toBe('SUCCESS');
  });

  it('a draining home answers the call in flight on the link, then the calls go elsewhere', async () => {
    const fn = await createOnB('exports.handler = async () => { await new Promise((r) => setTimeout(r, 1000)); return "finished"; }');
    await invokeOnA(fn);
    const inFlight = invokeOnA(fn);
    await new Promise((r) => setTimeout(r, 300));
    const closing = b.app.close();
    const res = await inFlight;
    expect(res.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: 'finished', node: b.app.services.cluster!.registry.id });
    const after = await invokeOnA(fn);
    expect(after.data.invokeFunction).toMatchObject({ status: 'SUCCESS', node: a.app.services.cluster!.registry.id });
    await closing;
    b = await startTestServer({ ...bConfig, dataDir: b.dataDir });
    await until(async () => a.app.services.cluster!.registry.order('any').length === 2);
  });

  it('calls a node that does not answer the upgrade (an older node) over HTTP, as before', async () => {
    const fn = await createOnB('exports.handler = (e) => e.n * 2');
    await invokeOnA(fn);
    proxy.cutAll();
    proxy.refuseLink = true;
    proxy.firstLines.length = 0;
    try {
      const res = await invokeOnA(fn, 21);
      expect(res.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: 42, node: b.app.services.cluster!.registry.id });
      expect(proxy.firstLines.some((line) => line.startsWith('POST /_cluster/invocations'))).toBe(true);
    } finally {
      proxy.refuseLink = false;
    }
  });

  it('a call waiting on a home that hangs (no answer, no reset, no heartbeat) ends "node lost" once the home is silent', async () => {
    // Last: node b is declared lost here.
    const fn = await createOnB('exports.handler = async () => { await new Promise((r) => setTimeout(r, 2000)); return "late"; }');
    await invokeOnA(fn);
    const call = invokeOnA(fn);
    await new Promise((r) => setTimeout(r, 300));
    // b hangs as a stopped process would: its connections stay open but carry nothing, and it beats no more.
    proxy.freezeAll();
    clearInterval((b.app.services.cluster!.registry as unknown as { timer: NodeJS.Timeout }).timer);
    const res = await call;
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(res.errors?.[0]?.message).toContain('node lost');
  });
});

interface Proxy {
  url: string;
  /** Each connection's first line, as it reached the proxy. */
  firstLines: string[];
  /** Answers link upgrades with 400, as a node from before the link does (its WebSocket server). */
  refuseLink: boolean;
  cutAll(): void;
  /** Every connection stays open but nothing passes any more (a hung node). */
  freezeAll(): void;
  close(): void;
}

async function startProxy(targetPort: number): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Proxy = {
    url: '',
    firstLines: [],
    refuseLink: false,
    cutAll: () => sockets.forEach((socket) => socket.destroy()),
    freezeAll: () => sockets.forEach((socket) => (socket.unpipe(), socket.pause())),
    close: () => {
      proxy.cutAll();
      server.close();
    },
  };
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.once('data', (first: Buffer) => {
      const line = first.toString('latin1').split('\r\n')[0]!;
      proxy.firstLines.push(line);
      if (proxy.refuseLink && line.startsWith(`GET ${LINK_PATH}?`)) return client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      const upstream = net.connect(targetPort, '127.0.0.1');
      sockets.add(upstream);
      upstream.write(first);
      client.pipe(upstream).pipe(client);
      const cut = () => (client.destroy(), upstream.destroy());
      upstream.on('error', cut).on('close', cut);
      client.on('error', cut).on('close', cut);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}

/** A raw link upgrade to `node`: its status, then the frames it sends. */
async function upgrade(node: TestServer, headers: Record<string, string>, path = linkPath(node.app.services.cluster!.registry.id)) {
  const { port } = new URL(node.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: fnbox-link\r\n${extra}\r\n`);
  let buffered = Buffer.alloc(0);
  const frames: { type: number; body: Buffer }[] = [];
  let waiting: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  const status = await new Promise<number>((resolve) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      buffered = Buffer.from(head.slice(end + 4), 'latin1');
      socket.on('data', (more: Buffer) => {
        buffered = Buffer.concat([buffered, more]);
        while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
          const length = buffered.readUInt32BE(0);
          frames.push({ type: buffered[4]!, body: buffered.subarray(5, 4 + length) });
          buffered = buffered.subarray(4 + length);
        }
        waiting?.();
      });
      resolve(Number(head.split(' ')[1]));
    };
    socket.on('data', onData);
    socket.once('close', () => resolve(0));
  });
  const nextFrame = async () => {
    while (!frames.length) await new Promise<void>((resolve) => (waiting = resolve));
    return frames.shift()!;
  };
  return { status, socket, closed, frames, nextFrame };
}

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
