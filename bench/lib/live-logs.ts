/**
 * Live logs (issue 16 item 4): how long a printed line takes to reach a subscriber. A function
 * prints its own clock (the container shares the host's) every GAP_MS; a graphql-ws client in
 * the bench process follows the function (functionLogs) and, for each line that arrives in a
 * live chunk, takes arrival minus print time. Lines that come in an invocation's final chunk
 * (printed after the agent's last stream) are not live and not counted. The agents stream
 * every 200 ms, so the expected figure is about half that plus the trip.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { FnboxServer } from './fnbox.js';
import { summariseRounds, type LatencySummary } from './stats.js';

const GAP_MS = 50;
const PRINTERS = {
  PYTHON: `import time\ndef handler(event, context):\n    for i in range(event["lines"]):\n        print("tick %d" % int(time.time() * 1000), flush=True)\n        time.sleep(${GAP_MS / 1000})\n    return 0\n`,
  NODE: `exports.handler = async (event) => {\n  for (let i = 0; i < event.lines; i++) {\n    console.log("tick " + Date.now());\n    await new Promise((r) => setTimeout(r, ${GAP_MS}));\n  }\n  return 0;\n};\n`,
} as const;

interface Chunk {
  invocationId: string;
  text: string;
  final: boolean;
}

/** One summary per runtime; `rounds` invocations of `lines` lines each (a round per invocation). */
export async function benchLogLatency(server: FnboxServer, rounds: number, lines: number): Promise<Record<'PYTHON' | 'NODE', LatencySummary>> {
  const client = createClient({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${server.token}` }, retryAttempts: 0 });
  const out = {} as Record<'PYTHON' | 'NODE', LatencySummary>;
  try {
    for (const runtime of ['PYTHON', 'NODE'] as const) {
      const fn = await server.createFunction({ name: `bench-log-latency-${runtime.toLowerCase()}`, runtime, code: PRINTERS[runtime], timeoutMs: 60_000 });
      const finals = new Map<string, () => void>();
      let current: number[] = [];
      const stop = client.subscribe<{ functionLogs: Chunk }>(
        { query: 'subscription($f: ID!) { functionLogs(functionId: $f) { invocationId text final } }', variables: { f: fn.id } },
        {
          next: ({ data }) => {
            const chunk = data?.functionLogs;
            if (!chunk) return;
            const now = Date.now();
            if (!chunk.final) for (const [, at] of chunk.text.matchAll(/tick (\d+)/g)) current.push(now - Number(at));
            else finals.get(chunk.invocationId)?.();
          },
          error: () => {},
          complete: () => {},
        },
      );
      const invoke = (n: number) => server.gql<{ invokeFunctionAsync: { id: string } }>('mutation($f: ID!, $i: JSON) { invokeFunctionAsync(id: $f, input: $i) { id } }', { f: fn.id, i: { lines: n } });
      const finished = (id: string) => new Promise<void>((resolve) => finals.set(id, resolve));
      // A primer (also the cold start), until the subscription is seen to be registered.
      for (let seen = false; !seen; ) {
        const { invokeFunctionAsync: { id } } = await invoke(1);
        seen = await Promise.race([finished(id).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
      }
      const samples: number[][] = [];
      for (let round = 0; round < rounds; round++) {
        current = [];
        const { invokeFunctionAsync: { id } } = await invoke(lines);
        await finished(id);
        samples.push(current);
      }
      stop();
      out[runtime] = summariseRounds(samples);
    }
  } finally {
    await client.dispose();
  }
  return out;
}
