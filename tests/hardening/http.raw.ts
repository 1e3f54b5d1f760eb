import http from 'node:http';

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
