import http from 'node:http';
import https from 'node:https';
import type { KeyObject } from 'node:crypto';
import { unavailable } from '../errors.js';
import { REFUSED_HEADER, toAppError, type ForwardAnswer, type ForwardClient, type ForwardedCall } from './forward.client.js';
import { signatureHeaders } from './forward.signature.js';
import { LINK_PROTOCOL, linkKey, linkPath } from './link.frames.js';
import { nodeIdFor } from './node.identity.js';
import { SenderLink } from './link.sender.js';

/** A node that did not upgrade (an older one, in a rolling upgrade) is called over HTTP this long before the next try. */
const HTTP_FALLBACK_MS = 30_000;

interface Peer {
  link?: SenderLink;
  opening?: Promise<SenderLink | 'http' | { refused: ReturnType<typeof unavailable> }>;
  httpUntil: number;
}

/**
 * The sending side of the hop between nodes: one long-lived link per peer node (an HTTP
 * upgrade on its port, signed like every request of the hop), its calls multiplexed in frames
 * (link.frames.ts). A peer that does not speak the link is called over HTTP (forward.client.ts)
 * as before. Same answers as the HTTP hop: ran, refused (nothing ran: the next node), or an
 * error, UNAVAILABLE "node lost" when the link broke mid-call.
 */
export class LinkClient {
  private readonly peers = new Map<string, Peer>();
  private closed = false;

  constructor(
    private readonly key: KeyObject,
    private readonly nodeId: string,
    /** The HTTP hop, for peers that do not upgrade. */
    private readonly http: ForwardClient,
  ) {}

  forward(url: string, call: ForwardedCall): Promise<ForwardAnswer> {
    let peer = this.peers.get(url);
    if (!peer) this.peers.set(url, (peer = { httpUntil: 0 }));
    // The warm path: an open link.
    if (peer.link?.usable) return peer.link.call(call);
    if (peer.httpUntil > Date.now()) return this.http.forward(url, call);
    return this.viaNewLink(url, peer, call);
  }

  /** Cuts the link to the node at `url` (it went silent): its calls in flight end "node lost". */
  cut(url: string): void {
    this.peers.get(url)?.link?.close();
    this.http.cut(url);
  }

  close(): void {
    this.closed = true;
    for (const peer of this.peers.values()) peer.link?.close();
    this.peers.clear();
    this.http.close();
  }

  private async viaNewLink(url: string, peer: Peer, call: ForwardedCall): Promise<ForwardAnswer> {
    // Calls arriving while it opens wait for the same link.
    const opened = await (peer.opening ??= this.open(url, peer).finally(() => (peer.opening = undefined)));
    if (opened === 'http') return this.http.forward(url, call);
    if ('refused' in opened) return opened;
    // Drained or closed at once: the next call opens another, or finds the node gone.
    return opened.usable ? opened.call(call) : { refused: unavailable(`node at ${url} closed its link`) };
  }

  private open(url: string, peer: Peer): Promise<SenderLink | 'http' | { refused: ReturnType<typeof unavailable> }> {
    const target = new URL(url);
    // Signed for that node only (its id follows from its URL): not to be replayed on another.
    const path = linkPath(nodeIdFor(url));
    const signed = signatureHeaders(this.key, this.nodeId, 'GET', path, EMPTY);
    const nonce = signed[5]!;
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = transport.request({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        path,
        method: 'GET',
        agent: false,
        headers: ['host', target.host, 'connection', 'Upgrade', 'upgrade', LINK_PROTOCOL, ...signed],
      });
      req.on('upgrade', (res, socket, head) => {
        if (String(res.headers.upgrade).toLowerCase() !== LINK_PROTOCOL) {
          socket.destroy();
          return resolve(this.fallBack(peer));
        }
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 1_000);
        const link = new SenderLink(socket, head, linkKey(this.key, nonce), (retired) => {
          if (peer.link === retired) peer.link = undefined;
        });
        if (this.closed) link.close();
        else peer.link = link;
        resolve(link);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => resolve({ refused: unavailable(`node at ${target.origin} is unreachable`) }));
        res.on('end', () => {
          // Draining: it takes no new calls, over the link or otherwise.
          if (res.headers[REFUSED_HEADER] === '1') resolve({ refused: toAppError(res.statusCode ?? 503, Buffer.concat(chunks).toString()) });
          // Anything else (a node from before the link, whose WebSocket server answers 400; or
          // one that refuses the signature): the HTTP hop, which answers as it always did.
          else resolve(this.fallBack(peer));
        });
      });
      // No call was sent: whatever broke, nothing ran there.
      req.on('error', () => resolve({ refused: unavailable(`node at ${target.origin} is unreachable`) }));
      req.end();
    });
  }

  private fallBack(peer: Peer): 'http' {
    peer.httpUntil = Date.now() + HTTP_FALLBACK_MS;
    return 'http';
  }
}

const EMPTY = Buffer.alloc(0);
