/**
 * The one HTTP client every row uses: node:http with a keep-alive Agent (one socket per
 * concurrent worker, reused for every request), so floors and fnbox pay the same client cost.
 */
import http from 'node:http';

export interface BenchRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface BenchResponse {
  status: number;
  body: string;
}

export class KeepAliveClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 64) {
    this.url = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
  }

  request(req: BenchRequest): Promise<BenchResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const r = http.request(
        { agent: this.agent, host: this.url.hostname, port: this.url.port, method: req.method, path: req.path, headers },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end(req.body);
    });
  }

  async json<T = any>(req: BenchRequest): Promise<{ status: number; data: T }> {
    const res = await this.request(req);
    let data: unknown = res.body;
    try {
      data = JSON.parse(res.body);
    } catch {
      /* not JSON */
    }
    return { status: res.status, data: data as T };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Sequential latencies of `count` calls (ms); a non-2xx answer or a wrong body throws. */
export async function sequential(
  count: number,
  call: (i: number) => Promise<BenchResponse>,
  check?: (res: BenchResponse) => boolean,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await call(i);
    const ms = performance.now() - t0;
    if (res.status !== 200 || (check && !check(res))) {
      throw new Error(`call ${i} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }
    samples.push(ms);
  }
  return samples;
}

export interface LoadResult {
  concurrency: number;
  seconds: number;
  ok: number;
  errors: number;
  /** Status codes (or error names) of the failed calls, with counts. */
  errorKinds: Record<string, number>;
  rps: number;
  latencies: number[];
}

/**
 * Closed loop: `concurrency` workers, each sending its next request as soon as the previous
 * one is answered, for `durationMs`. Only 200s with a passing check count as ok.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  call: (worker: number, i: number) => Promise<BenchResponse>,
  check?: (res: BenchResponse) => boolean,
): Promise<LoadResult> {
  let ok = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const latencies: number[] = [];
  const t0 = performance.now();
  const until = t0 + durationMs;
  let seq = 0;
  const worker = async (w: number) => {
    while (performance.now() < until) {
      const start = performance.now();
      try {
        const res = await call(w, seq++);
        if (res.status === 200 && (!check || check(res))) {
          ok++;
          latencies.push(performance.now() - start);
        } else {
          errors++;
          const kind = res.status === 200 ? '200-bad-body' : String(res.status);
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        }
      } catch (err) {
        errors++;
        const kind = (err as NodeJS.ErrnoException).code ?? (err as Error).name;
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  return { concurrency, seconds, ok, errors, errorKinds, rps: ok / seconds, latencies };
}
