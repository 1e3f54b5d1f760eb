import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { subscribe, wsClient, type Subscription } from './ws.client.js';

// Logs while a function runs (issue 16 item 4), over real graphql-ws connections against a
// real server and Docker: each chunk arrives as the function prints it, late subscribers get
// what was printed before, other tenants get nothing, and secrets stay masked.

const MAX_LOG_BYTES = 64 * 1024;

/** Seven lines, 300 ms apart: about two seconds of printing. */
const PRINTERS = {
  PYTHON: 'import time\ndef handler(event, context):\n    for i in range(7):\n        print("line %d" % i, flush=True)\n        time.sleep(0.3)\n    return {"done": True}\n',
  NODE: 'exports.handler = async () => {\n  for (let i = 0; i < 7; i++) {\n    console.log(`line ${i}`);\n    await new Promise((r) => setTimeout(r, 300));\n  }\n  return { done: true };\n};\n',
} as const;

let server: TestServer;
let alice: { token: string; id: string };
let bob: { token: string; id: string };
let admin: { token: string; id: string };
const clients: Client[] = [];

const client = (token: string) => {
  const c = wsClient(server.url, token);
  clients.push(c);
  return c;
};

async function createFunction(token: string, input: Record<string, unknown>) {
  const res = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction.id as string;
}

async function invokeAsync(token: string, id: string): Promise<string> {
  const res = await server.gql(`mutation($id: ID!) { invokeFunctionAsync(id: $id) { id } }`, { id }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.invokeFunctionAsync.id as string;
}

const invocation = async (token: string, id: string) => (await server.gql(`query($id: ID!) { invocation(id: $id) { status logs logsTruncated } }`, { id }, token)).data.invocation;

interface Chunk {
  invocationId: string;
  seq: number;
  offset: number;
  text: string;
  final: boolean;
}
const LOGS = `subscription($id: ID!) { invocationLogs(invocationId: $id) { invocationId seq offset text final } }`;
const TAIL = `subscription($id: ID!) { functionLogs(functionId: $id) { invocationId seq offset text final } }`;

/** Follows an invocation's logs. */
function follow(token: string, invocationId: string) {
  const sub = subscribe<{ invocationLogs: Chunk }>(client(token), LOGS, { id: invocationId });
  const chunks = () => sub.data.map((d) => d.invocationLogs);
  return { sub, chunks, text: () => chunks().map((c) => c.text).join('') };
}

const waitFor = (sub: Subscription<unknown>, predicate: () => boolean) => sub.until(() => predicate() || sub.failure !== undefined || sub.completed);

beforeAll(async () => {
  server = await startTestServer({ async: { pollMs: 50 } as never, executor: { maxLogBytes: MAX_LOG_BYTES } as never });
  admin = await server.signUp('admin');
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server?.close();
});

describe.each(['PYTHON', 'NODE'] as const)('invocationLogs (%s)', (runtime) => {
  it('delivers each line as printed, a second and more before the invocation finishes, and late subscribers get the replay', async () => {
    const fn = await createFunction(alice.token, { name: `printer-${runtime.toLowerCase()}`, runtime, code: PRINTERS[runtime], timeoutMs: 20_000 });
    const id = await invokeAsync(alice.token, fn);
    const early = follow(alice.token, id);
    await waitFor(early.sub, () => early.text().includes('line 0'));
    const firstLineAt = Date.now();
    expect(early.sub.failure).toBeUndefined();

    // While it runs, the invocation shows what has arrived so far.
    const running = await invocation(alice.token, id);
    expect(running.status).toBe('RUNNING');
    expect(running.logs).toContain('line 0');

    // A late subscriber (an ADMIN, as the dashboard's) gets what was printed before, then the rest.
    await waitFor(early.sub, () => early.text().includes('line 2'));
    const late = follow(admin.token, id);
    await Promise.all([early.sub.ended, late.sub.ended]);
    const finishedAt = Date.now();

    const stored = await invocation(alice.token, id);
    expect(stored.status).toBe('SUCCESS');
    for (const f of [early, late]) {
      expect(f.sub.failure).toBeUndefined();
      expect(f.sub.completed).toBe(true);
      expect(f.text()).toBe(stored.logs); // nothing lost, nothing twice
      expect(f.chunks().at(-1)!.final).toBe(true);
      // Each chunk starts where the one before ended.
      let offset = 0;
      for (const c of f.chunks()) {
        expect(c.offset).toBe(offset);
        offset += c.text.length;
      }
    }
    for (let i = 0; i < 7; i++) expect(stored.logs).toContain(`line ${i}`);
    expect(early.chunks().filter((c) => c.text).length).toBeGreaterThan(2); // streamed, not all at the end
    expect(late.chunks()[0]!.text).toMatch(/line 0\n[^]*line 2/); // the replay
    expect(finishedAt - firstLineAt).toBeGreaterThanOrEqual(1000);
  });
});

describe('invocationLogs access', () => {
  it("refuses another tenant's invocation and function, as NOT_FOUND", async () => {
    const fn = await createFunction(alice.token, { name: 'private-printer', runtime: 'NODE', code: PRINTERS.NODE });
    const id = await invokeAsync(alice.token, fn);
    for (const [query, variables] of [[LOGS, { id }], [TAIL, { id: fn }]] as const) {
      const sub = subscribe(client(bob.token), query, variables);
      await sub.ended;
      expect(sub.data).toEqual([]);
      expect(JSON.stringify([sub.results, sub.failure])).toContain('NOT_FOUND');
    }
    const done = follow(alice.token, id);
    await done.sub.ended;
    expect(done.text()).toContain('line 6');
  });
});

describe('functionLogs', () => {
  it("tails a function: live chunks of long calls, and the whole output of quick ones at their end", async () => {
    const fn = await createFunction(alice.token, {
      name: 'tailed',
      runtime: 'PYTHON',
      code: 'import time\ndef handler(event, context):\n    for i in range(event.get("lines", 1)):\n        print("%s %d" % (event.get("tag", "quick"), i), flush=True)\n        time.sleep(event.get("gap", 0))\n    return 1\n',
    });
    const tail = subscribe<{ functionLogs: Chunk }>(client(alice.token), TAIL, { id: fn });
    const bobs = await createFunction(bob.token, { name: 'tailed', runtime: 'PYTHON', code: 'def handler(event, context):\n    print("bob was here")\n' });
    await new Promise((r) => setTimeout(r, 200)); // the subscription is registered
    await server.gql(`mutation($id: ID!) { invokeFunction(id: $id) { id } }`, { id: bobs }, bob.token);
    const quick = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id, input: { tag: "quick" }) { id } }`, { id: fn }, alice.token);
    const slow = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id, input: { tag: "slow", lines: 4, gap: 0.3 }) { id } }`, { id: fn }, alice.token);
    await waitFor(tail, () => tail.data.filter((d) => d.functionLogs.final).length >= 2);
    const chunks = tail.data.map((d) => d.functionLogs);
    const of = (id: string) => chunks.filter((c) => c.invocationId === id);
    expect(of(quick.data.invokeFunction.id)).toMatchObject([{ text: 'quick 0\n', final: true }]);
    const slowChunks = of(slow.data.invokeFunction.id);
    expect(slowChunks.length).toBeGreaterThan(2);
    expect(slowChunks.map((c) => c.text).join('')).toBe('slow 0\nslow 1\nslow 2\nslow 3\n');
    expect(chunks.some((c) => c.text.includes('bob'))).toBe(false);
    tail.dispose();
  });
});

describe('live logs and secrets', () => {
  it('masks a secret in chunks, also when it is printed in two pieces that reach the server apart', async () => {
    const value = 'live-logs-secret-3f9a7c21';
    expect((await server.gql(`mutation { setSecret(name: "LIVE_TOKEN", value: "${value}") { name } }`, {}, alice.token)).errors).toBeUndefined();
    const fn = await createFunction(alice.token, {
      name: 'leaky',
      runtime: 'PYTHON',
      secrets: ['LIVE_TOKEN'],
      code: [
        'import os, sys, time',
        'def handler(event, context):',
        '    token = os.environ["LIVE_TOKEN"]',
        '    print("before", flush=True)',
        '    time.sleep(0.5)',
        '    sys.stdout.write(token[:12]); sys.stdout.flush()',
        '    time.sleep(0.6)',
        '    sys.stdout.write(token[12:] + "\\n"); sys.stdout.flush()',
        '    time.sleep(0.5)',
        '    print("whole " + token, flush=True)',
        '    time.sleep(0.5)',
        '',
      ].join('\n'),
    });
    const id = await invokeAsync(alice.token, fn);
    const f = follow(alice.token, id);
    await f.sub.ended;
    expect(f.sub.failure).toBeUndefined();
    const chunks = f.chunks();
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.text).not.toContain(value.slice(0, 12));
      expect(c.text).not.toContain(value.slice(12));
    }
    expect(f.text()).toBe('before\n[secret:LIVE_TOKEN]\nwhole [secret:LIVE_TOKEN]\n');
    expect((await invocation(alice.token, id)).logs).toBe(f.text());
  });
});

describe('a flood of prints', () => {
  it('stays within the log budget, live and stored', async () => {
    const fn = await createFunction(alice.token, {
      name: 'flood',
      runtime: 'NODE',
      code: 'exports.handler = async () => {\n  const end = Date.now() + 1500;\n  let i = 0;\n  while (Date.now() < end) {\n    console.log("flood " + i++ + " " + "x".repeat(200));\n    if (i % 100 === 0) await new Promise((r) => setImmediate(r));\n  }\n  return i;\n};\n',
    });
    const id = await invokeAsync(alice.token, fn);
    const f = follow(alice.token, id);
    await f.sub.ended;
    expect(f.sub.failure).toBeUndefined();
    const stored = await invocation(alice.token, id);
    expect(stored.status).toBe('SUCCESS');
    expect(stored.logsTruncated).toBe(true);
    expect(f.text()).toBe(stored.logs);
    expect(f.text().length).toBeLessThanOrEqual(MAX_LOG_BYTES + 100);
    expect(f.chunks().length).toBeLessThan(40); // about one per 200 ms, not one per print
  });
});
