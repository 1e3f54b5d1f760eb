/**
 * `npx tsx bench/live-flood.ts` — issue 12 item 5: does one user's flood of live subscriptions
 * slow another user's warm route? Not part of `npm run bench`; prints a small table.
 *
 * The victim (the bench user) calls its warm README route sequentially; the attacker keeps its
 * own function busy (so that its subscriptions have something to push) and holds
 * FNBOX_FLOOD_SUBS functionMetrics subscriptions (default 2,000) over FNBOX_FLOOD_CONNECTIONS
 * connections (default 10). The victim's p50 is measured without the attacker, with the
 * attacker's invocations only, and with invocations plus subscriptions. Caps are whatever the
 * server's environment says (FNBOX_WS_MAX_*): raise them to see the uncapped cost. The
 * subscribers are raw sockets that read and drop frames, so that the bench process spends little
 * of the machine on them.
 */
import WebSocket from 'ws';
import { closedLoop, sequential } from './lib/client.js';
import { createReadmeFunctions, readmeAnswered, routeCalls, startFnbox, type FnboxServer } from './lib/fnbox.js';
import { percentile } from './lib/stats.js';

const SUBS = Number(process.env.FNBOX_FLOOD_SUBS ?? 2000);
const CONNECTIONS = Number(process.env.FNBOX_FLOOD_CONNECTIONS ?? 10);
const CALLS = Number(process.env.FNBOX_FLOOD_CALLS ?? 400);
const log = (line: string) => process.stderr.write(`[live-flood] ${line}\n`);

interface Flood {
  accepted: number;
  refused: number;
  closedConnections: number;
  frames: number;
  close(): void;
}

/** Opens the attacker's subscriptions; resolves once every one was answered (a value or an error). */
async function flood(server: FnboxServer, token: string, functionId: string): Promise<Flood> {
  const sockets: WebSocket[] = [];
  const result: Flood = { accepted: 0, refused: 0, closedConnections: 0, frames: 0, close: () => sockets.forEach((s) => s.terminate()) };
  const perConnection = Math.ceil(SUBS / CONNECTIONS);
  let answered = 0;
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  const answer = () => ++answered >= SUBS && settle();
  for (let c = 0; c < CONNECTIONS; c++) {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    sockets.push(socket);
    const seen = new Set<string>();
    const count = Math.min(perConnection, SUBS - c * perConnection);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('close', () => {
      result.closedConnections++;
      for (let i = seen.size; i < count; i++) (result.refused++, answer());
    });
    socket.on('message', (data: Buffer) => {
      result.frames++;
      if (seen.size === count) return; // steady state: drop frames unread
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        for (let i = 0; i < count; i++) {
          const payload = { query: 'subscription($f: ID!) { functionMetrics(functionId: $f, window: LAST_HOUR) { invocations p50Ms } }', variables: { f: functionId } };
          socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload }));
        }
      } else if ((message.type === 'next' || message.type === 'error') && !seen.has(message.id)) {
        seen.add(message.id);
        if (message.type === 'next' && !message.payload.errors) result.accepted++;
        else result.refused++;
        answer();
      }
    });
  }
  await done;
  return result;
}

async function victimP50(server: FnboxServer, route: string): Promise<number> {
  const call = routeCalls(server, [route]);
  const samples = await sequential(CALLS, (i) => call(0, i), readmeAnswered);
  return percentile(samples, 0.5);
}

async function main() {
  const server = await startFnbox({ stemCellsPerRuntime: 2, maxContainers: 64, perFunctionConcurrency: 10, perFunctionQueue: 100 }, 16);
  const attackers: Flood[] = [];
  try {
    const [victim] = await createReadmeFunctions(server, 'victim', 1);
    const reg = await server.client.json({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { register(email: "attacker@example.test", password: "attacker password") { token } }' }),
    });
    const attackerToken: string = reg.data.data.register.token;
    const created = await server.client.json({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${attackerToken}` },
      body: JSON.stringify({ query: 'mutation { createFunction(input: { name: "busy", runtime: PYTHON, code: "def handler():\\n    return 1\\n", route: "/busy" }) { id } }' }),
    });
    const attackerFn: string = created.data.data.createFunction.id;
    const busy = () => server.client.request({ method: 'GET', path: '/fn/busy', headers: { authorization: `Bearer ${attackerToken}` } });
    await sequential(100, (i) => routeCalls(server, [victim!.route])(0, i), readmeAnswered); // warm-up
    await closedLoop(2, 1000, busy);

    const rows: [string, number, string][] = [];
    rows.push(['victim alone', await victimP50(server, victim!.route), '']);
    const measureUnderLoad = async (label: string, note: string) => {
      let stop = false;
      const load = (async () => {
        while (!stop) await closedLoop(2, 500, busy);
      })();
      const p50 = await victimP50(server, victim!.route);
      stop = true;
      await load;
      rows.push([label, p50, note]);
    };
    await measureUnderLoad('attacker invoking (2 workers)', '');
    log(`opening ${SUBS} subscriptions over ${CONNECTIONS} connections`);
    const attack = await flood(server, attackerToken, attackerFn);
    attackers.push(attack);
    log(`${attack.accepted} accepted, ${attack.refused} refused; measuring`);
    const framesBefore = attack.frames;
    const t0 = performance.now();
    await measureUnderLoad(`+ ${SUBS} functionMetrics subscriptions`, `${attack.accepted} accepted, ${attack.refused} refused, ${attack.closedConnections} connections closed`);
    const seconds = (performance.now() - t0) / 1000;
    rows[rows.length - 1]![2] += `, ${Math.round((attack.frames - framesBefore) / seconds)} frames/s to the attacker`;

    console.log('| victim warm route, sequential | p50 ms | notes |\n|---|---:|---|');
    for (const [label, p50, note] of rows) console.log(`| ${label} | ${p50.toFixed(2)} | ${note} |`);
  } finally {
    for (const a of attackers) a.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
