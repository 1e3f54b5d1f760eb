/**
 * Runtime and builder images across nodes (issue 15 item 4), with tiny test images under fnbox's
 * content-tag pattern (the real ones are 200 MB): a node whose engine lacks an image loads it
 * from a node that sends it (docker save -> docker load) and checks its ID; a copy that is
 * another image is refused and leaves no such tag; the image route answers signed nodes only.
 * "Other nodes" serving saved copies are small HTTP servers entered in the shared node table.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_ID_HEADER, IMAGES_PATH } from '../../server/cluster/image.transfer.js';
import { forwardingKey, signForward } from '../../server/cluster/forward.signature.js';
import { openStore } from '../../server/db/database.js';
import { CLUSTER_SECRET, clusterRedisPrefix, nodeConfig, REDIS_URL, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const available = await sharedStoresAvailable();
const docker = new Docker();

/** A one-file image under `tag`; returns its ID. */
async function tinyImage(tag: string, content: string): Promise<string> {
  const pack = tar.pack();
  pack.entry({ name: 'hello.txt' }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const [repo, version] = tag.split(':');
  const stream = await docker.importImage(Readable.from([Buffer.concat(chunks)]) as never, { repo, tag: version } as never);
  await new Promise((resolve, reject) => docker.modem.followProgress(stream as never, (err: Error | null) => (err ? reject(err) : resolve(undefined))));
  return (await docker.getImage(tag).inspect()).Id;
}

async function saved(id: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await docker.getImage(id).get()) as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const exists = (ref: string) => docker.getImage(ref).inspect().then(() => true, () => false);
const randomTag = () => `fnbox/runtime-node:${crypto.randomBytes(6).toString('hex')}`;

describe.skipIf(!available)('images across nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let peer: http.Server;
  /** What the fake node answers for a tag. */
  const serves = new Map<string, { id: string; body: Buffer }>();
  const made: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    [a, b] = await Promise.all([startTestServer(await nodeConfig(database.url)), startTestServer(await nodeConfig(database.url))]);
    peer = http.createServer((req, res) => {
      const copy = serves.get(new URL(req.url!, 'http://x').searchParams.get('tag') ?? '');
      if (!copy) return res.writeHead(404).end();
      res.writeHead(200, { [IMAGE_ID_HEADER]: copy.id }).end(copy.body);
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    // A node heard from "in the future": in the ring for the whole suite.
    const db = await openStore({ dataDir: a.dataDir, databaseUrl: database.url });
    const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
    const row = { id: 'node-imagepeer00001', url, status: 'UP' as const, containers: 0, load: 0, started_at: Date.now(), last_seen_at: Date.now() + 3_600_000 };
    await db.insertInto('nodes').values(row).execute();
    await db.destroy();
    // The ring is read from Redis (node.redis-liveness.ts): the fake node's heartbeat goes there too.
    const redis = new Redis(REDIS_URL);
    const prefix = clusterRedisPrefix(database.url);
    await redis.hset(`${prefix}node:${row.id}`, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
    await redis.sadd(`${prefix}nodes`, row.id);
    redis.disconnect();
    await until(() => b.app.services.cluster!.registry.peers().length === 2);
  });

  afterAll(async () => {
    for (const ref of made) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
    peer?.close();
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('loads an image its engine lacks from a node that has it, under the tag asked for', async () => {
    const tag = randomTag();
    const id = await tinyImage(tag, 'runtime image');
    made.push(id);
    serves.set(tag, { id, body: await saved(id) });
    await docker.getImage(id).remove({ force: true }); // this engine no longer has it
    expect(await exists(tag)).toBe(false);
    expect(await b.app.services.executor.loadImageFromPeers!(tag)).toBe(true);
    expect((await docker.getImage(tag).inspect()).Id).toBe(id);
  });

  it('refuses a copy that is another image, and leaves no such tag', async () => {
    const tag = randomTag();
    const expected = await tinyImage(tag, 'the real one');
    const otherTag = randomTag();
    const other = await tinyImage(otherTag, 'something else');
    made.push(expected, other);
    // The forged copy carries our tag in its manifest, on the other image.
    await docker.getImage(other).tag({ repo: tag.split(':')[0], tag: tag.split(':')[1] });
    const forged = await saved(tag);
    serves.set(tag, { id: expected, body: forged });
    await docker.getImage(expected).remove({ force: true });
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    expect(await b.app.services.executor.loadImageFromPeers!(tag)).toBe(false);
    expect(await exists(expected)).toBe(false);
    expect(await exists(tag)).toBe(false);
  });

  it('sends an image to signed nodes only, with its ID', async () => {
    const tag = randomTag();
    const id = await tinyImage(tag, 'sent by a');
    made.push(id);
    const route = `${IMAGES_PATH}?tag=${encodeURIComponent(tag)}`;
    const get = (headers: Record<string, string>, path = route) => fetch(a.url + path, { headers });
    expect((await get({})).status).toBe(401);
    expect((await get(signForward(forwardingKey('not the secret'), 'node-x', 'GET', route, Buffer.alloc(0)))).status).toBe(401);
    const ok = await get(signForward(forwardingKey(CLUSTER_SECRET), 'node-x', 'GET', route, Buffer.alloc(0)));
    expect(ok.status).toBe(200);
    expect(ok.headers.get(IMAGE_ID_HEADER)).toBe(id);
    expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(0);
    // Only fnbox's own content-tagged images: nothing else of the engine is readable this way.
    const foreign = `${IMAGES_PATH}?tag=${encodeURIComponent('debian:bookworm')}`;
    expect((await get(signForward(forwardingKey(CLUSTER_SECRET), 'node-x', 'GET', foreign, Buffer.alloc(0)), foreign)).status).toBe(404);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
