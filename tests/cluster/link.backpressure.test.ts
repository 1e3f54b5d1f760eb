import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardingKey } from '../../server/cluster/forward.signature.js';
import { linkKey } from '../../server/cluster/link.frames.js';
import { SenderLink } from '../../server/cluster/link.sender.js';

// A home that took the link and then stops reading (hung, or hostile): the socket buffers fill
// on both sides, and the sender must not keep every further call in its own memory.

describe('a link to a home that stops reading', { timeout: 60_000 }, () => {
  let home: net.Server;
  const accepted: net.Socket[] = [];

  beforeAll(async () => {
    // Takes the connection and never reads from it.
    home = net.createServer({ pauseOnConnect: true }, (socket) => accepted.push(socket));
    await new Promise<void>((resolve) => home.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => {
    for (const socket of accepted) socket.destroy();
    home.close();
  });

  it('refuses new calls once the link is backed up (nothing sent: the next node), instead of buffering without bound', async () => {
    const socket = net.connect((home.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const link = new SenderLink(socket, Buffer.alloc(0), linkKey(forwardingKey('secret'), 'nonce'), () => {});
    const input = JSON.stringify('x'.repeat(1024 * 1024));
    let refused: unknown;
    let sent = 0;
    // 200 calls of 1 MiB: far more than the socket buffers hold.
    while (sent < 200 && !refused) {
      const answer = await Promise.race([link.call({ functionId: 'f', version: 1, input, trigger: 'GRAPHQL' }), new Promise((resolve) => setImmediate(() => resolve('pending')))]);
      if (answer !== 'pending') refused = answer;
      else sent++;
    }
    expect(refused).toMatchObject({ refused: { code: 'UNAVAILABLE' } });
    expect(socket.writableLength).toBeLessThan(64 * 1024 * 1024);
    // Cut: the calls it did send fail as lost mid-call.
    link.close();
  });
});
