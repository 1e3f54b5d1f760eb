import net from 'node:net';
import { REDIS_URL } from './redis.js';

/**
 * A loopback TCP relay in front of the test Redis, for one node: `cut` drops that node's
 * connections (and refuses new ones) as a network blip would, without touching any other
 * client of the shared Redis; `restore` lets it connect again.
 */
export interface RedisProxy {
  /** The Redis URL to give the node (FNBOX_REDIS_URL): REDIS_URL through the relay. */
  url: string;
  cut(): void;
  /** Refuses new connections, leaving the open ones be (a connection killed meanwhile stays away). */
  refuseNew(): void;
  restore(): void;
  /** The local ports of the relay's connections to Redis: how CLIENT LIST names this node's clients. */
  upstreamPorts(): number[];
  close(): Promise<void>;
}

export async function startRedisProxy(): Promise<RedisProxy> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  const upstreams = new Set<net.Socket>();
  let open = true;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (!open) return void client.destroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    track(upstream);
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(REDIS_URL);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: url.toString(),
    cut,
    refuseNew: () => void (open = false),
    restore: () => void (open = true),
    upstreamPorts: () => [...upstreams].map((socket) => socket.localPort!).filter(Boolean),
    close: () => {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
