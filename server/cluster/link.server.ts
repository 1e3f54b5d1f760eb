import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isAppError, unauthenticated, unavailable, type AppError } from '../errors.js';
import { MAX_EVENT_BYTES } from '../invocations/event.limits.js';
import { wasRefusedBeforeStart } from '../invocations/invocation.types.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { REFUSED_HEADER } from './forward.client.js';
import { runForwarded } from './forward.run.js';
import { FORWARD_HEADERS } from './forward.signature.js';
import { AnswerKind, controlFrame, decodeCall, encodeAnswer, FrameError, FrameType, LINK_PATH, LINK_PROTOCOL, linkKey, linkPath } from './link.frames.js';
import { FrameSocket } from './link.socket.js';

/** A call frame: the event (bounded at the sender, as on the HTTP hop) and what to run. */
export const MAX_CALL_FRAME_BYTES = MAX_EVENT_BYTES + 64 * 1024;

export interface LinkServer {
  /** Draining: tells every link to bring no new call; each closes once its calls are answered. */
  closing(): void;
  /** Resolves once every link closed, or after `timeoutMs` (then cuts those left). */
  settled(timeoutMs: number): Promise<void>;
}

/**
 * The home side of the cluster link: a node upgrades a signed `GET /_cluster/link` on this
 * node's port into a long-lived connection of frames (link.frames.ts) carrying its calls, many
 * at once. Each call runs here exactly as one over the HTTP hop (forward.rest.ts, kept for
 * nodes that do not speak the link): refused before it started, or answered with its row.
 */
export function attachLinkServer(server: Server, services: Services, logger: Logger): LinkServer | undefined {
  const cluster = services.cluster;
  if (!cluster) return undefined;
  const links = new Set<HomeLink>();
  let draining = false;
  let allClosed: (() => void) | undefined;
  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      // Signed for this node (linkPath): the same upgrade replayed on another node is refused there.
      if (req.method !== 'GET' || req.url !== linkPath(cluster.registry.id)) throw unauthenticated('Link upgrade not signed for this node');
      cluster.verifier.verify('GET', req.url, req.headers, EMPTY);
    } catch (error) {
      return refuseUpgrade(socket, error as AppError);
    }
    if (draining || cluster.registry.draining) return refuseUpgrade(socket, unavailable('This node is draining'), true);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${LINK_PROTOCOL}\r\n\r\n`);
    // An answer is one write, never held back waiting for an ACK (the socket is TCP or TLS).
    (socket as Socket).setNoDelay(true);
    // A sender gone without a FIN (its host down, a partition) would hold the link forever.
    (socket as Socket).setKeepAlive(true, 1_000);
    const link = new HomeLink(socket, head, linkKey(cluster.key, String(req.headers[FORWARD_HEADERS.nonce])), services, logger, () => {
      links.delete(link);
      if (links.size === 0) allClosed?.();
    });
    links.add(link);
  };
  // graphql-ws answers every other upgrade on this port (as an error when it is not its own):
  // the link's go to the link only.
  const others = server.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith(LINK_PATH) && String(req.headers.upgrade).toLowerCase() === LINK_PROTOCOL) return accept(req, socket, head);
    for (const listener of others) listener.call(server, req, socket, head);
  });
  return {
    closing() {
      draining = true;
      for (const link of links) link.drain();
    },
    settled: (timeoutMs) =>
      links.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              for (const link of links) link.cut();
              resolve();
            }, timeoutMs);
            allClosed = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
  };
}

const EMPTY = Buffer.alloc(0);

/** One link from another node: the calls it brings, run here. */
class HomeLink {
  private readonly frames: FrameSocket;
  /** Call frames received: each one's MAC covers its number. */
  private received = 0;
  /** The ids of the calls running: one reused before its answer would be answered twice. */
  private readonly running = new Set<number>();
  private draining = false;
  /** The sender said it brings no more calls. */
  private senderDone = false;

  constructor(
    socket: Duplex,
    head: Buffer,
    private readonly key: KeyObject,
    private readonly services: Services,
    private readonly logger: Logger,
    onClose: () => void,
  ) {
    this.frames = new FrameSocket(socket, MAX_CALL_FRAME_BYTES, (type, body) => this.frame(type, body), (error) => {
      if (error) logger.warn({ err: error }, 'cluster link closed on an error');
      onClose();
    }, head);
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.frames.send(controlFrame(FrameType.DRAIN));
  }

  cut(): void {
    this.frames.destroy();
  }

  private frame(type: number, body: Buffer): void {
    if (type === FrameType.DRAINED) {
      this.senderDone = true;
      return this.closeWhenAnswered();
    }
    if (type !== FrameType.CALL) throw new Error(`unexpected frame type ${type}`);
    // Its answer could no longer be sent (the link is closing): not run.
    if (this.senderDone) throw new FrameError('call frame after DRAINED');
    // Throws (closing the link, nothing run) on a forged, replayed or malformed frame.
    const { id, call } = decodeCall(body, this.key, this.received++);
    if (this.running.has(id)) throw new FrameError(`call id ${id} reused while in flight`);
    if (this.draining || this.services.cluster!.registry.draining) return this.answer(id, AnswerKind.REFUSED, errorJson(unavailable('This node is draining')));
    this.running.add(id);
    runForwarded(this.services, call).then(
      (ran) => {
        // The sender has the input: the answer leaves it out.
        const { input: _input, ...answer } = ran;
        this.answered(id, AnswerKind.RAN, JSON.stringify(answer));
      },
      (error: unknown) => {
        if (isAppError(error)) return this.answered(id, wasRefusedBeforeStart(error) ? AnswerKind.REFUSED : AnswerKind.ERROR, errorJson(error));
        this.logger.error({ err: error }, 'forwarded call failed');
        this.answered(id, AnswerKind.ERROR, JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' }));
      },
    );
  }

  private answered(id: number, kind: number, json: string): void {
    this.running.delete(id);
    this.answer(id, kind, json);
  }

  private answer(id: number, kind: number, json: string): void {
    if (this.frames.open) {
      this.frames.send(encodeAnswer(id, kind, json));
      this.frames.pauseReadsWhileBackedUp();
    }
    this.closeWhenAnswered();
  }

  private closeWhenAnswered(): void {
    if (this.senderDone && this.running.size === 0) this.frames.end();
  }
}

const errorJson = (error: AppError): string => JSON.stringify({ code: error.code, message: error.message });

/**
 * An upgrade refused: an HTTP answer, then the connection closes, whether or not the client
 * reads it or closes its end (an upgraded socket has no server timeout left to reap it).
 */
function refuseUpgrade(socket: Duplex, error: AppError, refused = false): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const status = `${error.httpStatus} ${error.code === 'UNAUTHENTICATED' ? 'Unauthorized' : 'Service Unavailable'}`;
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${refused ? `${REFUSED_HEADER}: 1\r\n` : ''}\r\n${body}`, () => socket.destroy());
}
