import http from 'node:http';
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * A request with full control over framing and the client address: `chunks` are written one
 * by one with chunked transfer encoding (no content-length), which fetch() cannot be made to do.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: (Buffer | string)[]; body?: Buffer | string; localAddress?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // `localAddress` (any of 127.0.0.0/8) makes the request come from another client address.
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, localAddress: options.localAddress }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    });
    // The server may answer (413) and close before every chunk is written: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.body !== undefined) req.end(options.body);
    else {
      const write = async () => {
        for (const chunk of options.chunks ?? []) {
          if (req.destroyed) return;
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        }
        req.end();
      };
      void write();
    }
  });
}

export interface RawExchange {
  /** The status line's code; 0 when the server answered nothing. */
  status: number;
  head: string;
  body: string;
}

/** Sends `request` byte for byte (absolute-form targets, odd Host headers) and reads the answer to the end. */
export function rawExchange(url: string, request: string): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(request));
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(parts).toString();
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), head: text.slice(0, split), body: split < 0 ? '' : text.slice(split + 4) });
    });
  });
}

export interface Upload {
  /** The status line the server answered with, if any. */
  statusLine: string;
  /** A write that failed (EPIPE, ECONNRESET): the server cut the connection while the body was sent. */
  writeError?: string;
}

/**
 * Sends a `size`-byte body as fast as the server takes it, the way an HTTP client does: it keeps
 * writing after the response and the server's FIN arrive (half-open), and only then reads.
 */
export function uploadBody(url: string, size: number, chunked: boolean): Promise<Upload> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    const parts: Buffer[] = [];
    let writeError: string | undefined;
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (writeError ??= error.code ?? error.message));
    socket.on('close', () => resolve({ statusLine: Buffer.concat(parts).toString().split('\r\n')[0]!, writeError }));
    const framing = chunked ? 'transfer-encoding: chunked' : `content-length: ${size}`;
    socket.write(`POST ${pathname} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`);
    const piece = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        const part = piece.subarray(0, Math.min(piece.length, size - sent));
        sent += part.length;
        const frame = chunked ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]) : part;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
    };
    pump();
  });
}
