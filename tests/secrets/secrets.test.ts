/**
 * Users' secrets end to end: write-only through every API, sealed in the database file,
 * an environment variable of functions that list them (a change reaches the next call without
 * a redeploy), masked in stored logs, errors and live events, and each user's own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { testDialect } from '../support/postgres.js';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});

let server: TestServer;
let alice: Awaited<ReturnType<TestServer['signUp']>>;
let bob: Awaited<ReturnType<TestServer['signUp']>>;
/** Every response body, to check that no value ever left the server. */
const responses: string[] = [];
const first = `s3cr3t-${crypto.randomBytes(12).toString('hex')}`;
const second = `n3w-${crypto.randomBytes(12).toString('hex')}`;
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const base64 = (text: string) => Buffer.from(text).toString('base64');

async function gql(query: string, variables: Record<string, unknown>, token: string) {
  const res = await server.http('POST', '/graphql', { token, body: { query, variables } });
  responses.push(res.text);
  return res.body as { data: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

const setSecret = (token: string, name: string, value: string) =>
  gql('mutation($n: String!, $v: String!) { setSecret(name: $n, value: $v) { name createdAt updatedAt } }', { n: name, v: value }, token);

async function createFunction(token: string, input: Record<string, unknown>) {
  const res = await gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id secrets env } }', { i: input }, token);
  return res;
}

async function invoke(token: string, id: string, input: unknown = {}) {
  const res = await gql('mutation($id: ID!, $in: JSON) { invokeFunction(id: $id, input: $in) { id status result error logs coldStart } }', { id, in: input }, token);
  expect(res.errors).toBeUndefined();
  return res.data.invokeFunction as { id: string; status: string; result: any; error: string | null; logs: string; coldStart: boolean };
}

/** Prints the value and its base64, returns only its hash (so results, stored as is, hold no value). */
const PYTHON_CODE = `import base64, hashlib, os
def handler(event, context):
    value = os.environ.get("API_TOKEN", "")
    print("value:", value)
    print("b64:", base64.b64encode(value.encode()).decode())
    if event.get("fail"):
        raise RuntimeError("bad token " + value)
    return {"sha": hashlib.sha256(value.encode()).hexdigest(), "plain": os.environ.get("PLAIN")}
`;
const NODE_CODE = `const crypto = require('node:crypto');
exports.handler = async () => {
  console.log('node sees', process.env.API_TOKEN);
  return { sha: crypto.createHash('sha256').update(process.env.API_TOKEN || '').digest('hex') };
};
`;

let pyId: string;
let nodeId: string;

beforeAll(async () => {
  server = await startTestServer({}, { logger: createLogger('debug', sink) });
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
}, 60_000);
afterAll(() => server?.close());

describe('setSecret, secrets, deleteSecret', () => {
  it('stores a secret and lists it by name and dates only', async () => {
    const set = await setSecret(alice.token, 'API_TOKEN', first);
    expect(set.errors).toBeUndefined();
    expect(set.data.setSecret.name).toBe('API_TOKEN');
    const listed = await gql('{ secrets { name createdAt updatedAt } }', {}, alice.token);
    expect(listed.data.secrets).toEqual([expect.objectContaining({ name: 'API_TOKEN' })]);
  });

  it('refuses bad names, reserved names and oversized values as BAD_USER_INPUT', async () => {
    for (const [name, value] of [['1ABC', 'x'], ['has-dash', 'x'], ['PATH', 'x'], ['FNBOX_X', 'x'], ['LD_PRELOAD', 'x'], ['A'.repeat(129), 'x'], ['BIG', 'x'.repeat(64 * 1024 + 1)]]) {
      const res = await setSecret(alice.token, name!, value!);
      expect(res.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
    }
  });

  it('needs a signed-in user', async () => {
    const res = await server.http('POST', '/graphql', { body: { query: '{ secrets { name } }' } });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('functions that list secrets', () => {
  it('get each as an environment variable, in Python and Node', async () => {
    const py = await createFunction(alice.token, { name: 'py-secret', runtime: 'PYTHON', code: PYTHON_CODE, env: { PLAIN: 'not-secret' }, secrets: ['API_TOKEN'] });
    expect(py.errors).toBeUndefined();
    expect(py.data.createFunction.secrets).toEqual(['API_TOKEN']);
    expect(py.data.createFunction.env).toEqual({ PLAIN: 'not-secret' });
    pyId = py.data.createFunction.id;
    const node = await createFunction(alice.token, { name: 'node-secret', runtime: 'NODE', code: NODE_CODE, secrets: ['API_TOKEN'] });
    nodeId = node.data.createFunction.id;

    const ran = await invoke(alice.token, pyId);
    expect(ran.status).toBe('SUCCESS');
    expect(ran.result).toEqual({ sha: sha256(first), plain: 'not-secret' });
    const ranNode = await invoke(alice.token, nodeId);
    expect(ranNode.result).toEqual({ sha: sha256(first) });
    expect(ranNode.logs).toContain('node sees [secret:API_TOKEN]');
  }, 60_000);

  it('reach a bundle too: a module of a multi-file function reads it, and its logs are masked', async () => {
    const py = await createFunction(alice.token, {
      name: 'py-bundle-secret',
      runtime: 'PYTHON',
      handler: 'app.handler',
      secrets: ['API_TOKEN'],
      files: [
        { path: 'app.py', content: 'from lib.creds import token\nimport hashlib\ndef handler(event, context):\n    print("bundle sees", token())\n    return {"sha": hashlib.sha256(token().encode()).hexdigest()}\n' },
        { path: 'lib/creds.py', content: 'import os\ndef token():\n    return os.environ["API_TOKEN"]\n' },
      ],
    });
    expect(py.errors).toBeUndefined();
    const node = await createFunction(alice.token, {
      name: 'node-bundle-secret',
      runtime: 'NODE',
      handler: 'src/index.handler',
      secrets: ['API_TOKEN'],
      files: [
        { path: 'src/index.js', content: "const { token } = require('./creds');\nconst crypto = require('node:crypto');\nexports.handler = () => { console.log('bundle sees', token()); return { sha: crypto.createHash('sha256').update(token()).digest('hex') }; };\n" },
        { path: 'src/creds.js', content: 'exports.token = () => process.env.API_TOKEN;\n' },
      ],
    });
    expect(node.errors).toBeUndefined();
    for (const id of [py.data.createFunction.id, node.data.createFunction.id]) {
      const ran = await invoke(alice.token, id);
      expect(ran.status, ran.error ?? '').toBe('SUCCESS');
      expect(ran.result).toEqual({ sha: sha256(first) });
      expect(ran.logs).toContain('bundle sees [secret:API_TOKEN]');
    }
  }, 60_000);

  it('mask the value and its base64 in stored logs, errors and live invocation events', async () => {
    const client = wsClient(server.url, alice.token);
    const sub = subscribe(client, 'subscription($f: ID) { invocationEvents(functionId: $f) { type invocation { id status logs error } } }', { f: pyId });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription register
    try {
      const ok = await invoke(alice.token, pyId);
      const failed = await invoke(alice.token, pyId, { fail: true });
      expect(failed.status).toBe('ERROR');
      for (const run of [ok, failed]) {
        expect(run.logs).toContain('value: [secret:API_TOKEN]');
        expect(run.logs).toContain('b64: [secret:API_TOKEN]');
      }
      expect(failed.error).toContain('bad token [secret:API_TOKEN]');
      await sub.until((s) => s.data.filter((d) => d.invocationEvents.type === 'FINISHED').length >= 2);
      const live = JSON.stringify(sub.results);
      expect(live).toContain('[secret:API_TOKEN]');
      responses.push(live);
      // Stored, not just answered: read back through the invocation query.
      const stored = await gql('query($id: ID!) { invocation(id: $id) { logs error } }', { id: failed.id }, alice.token);
      expect(stored.data.invocation.error).toContain('[secret:API_TOKEN]');
      expect(stored.data.invocation.logs).toContain('value: [secret:API_TOKEN]');
    } finally {
      sub.dispose();
      await client.dispose();
    }
  }, 60_000);

  it('see an updated secret on the next call, without a redeploy', async () => {
    const warm = await invoke(alice.token, pyId);
    expect(warm.coldStart).toBe(false);
    expect(warm.result.sha).toBe(sha256(first));
    expect((await setSecret(alice.token, 'API_TOKEN', second)).errors).toBeUndefined();
    const after = await invoke(alice.token, pyId);
    expect(after.result.sha).toBe(sha256(second));
    expect(after.logs).toContain('value: [secret:API_TOKEN]');
    const version = await gql('query($id: ID!) { function(id: $id) { version } }', { id: pyId }, alice.token);
    expect(version.data.function.version).toBe(1);
    // And the new value's containers stay warm.
    const again = await invoke(alice.token, pyId);
    expect(again.coldStart).toBe(false);
    expect(again.result.sha).toBe(sha256(second));
  }, 60_000);

  it('refuse a secret named like one of their env variables (BAD_USER_INPUT)', async () => {
    const created = await createFunction(alice.token, { name: 'clash', runtime: 'PYTHON', code: PYTHON_CODE, env: { API_TOKEN: 'x' }, secrets: ['API_TOKEN'] });
    expect(created.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const updated = await gql('mutation($id: ID!) { updateFunction(id: $id, input: { env: { API_TOKEN: "x" } }) { id } }', { id: pyId }, alice.token);
    expect(updated.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rest = await server.http('POST', '/api/v1/functions/', { token: alice.token, body: { name: 'clash', runtime: 'python', code: PYTHON_CODE, env: { API_TOKEN: 'x' }, secrets: ['API_TOKEN'] } });
    expect(rest.status).toBe(400);
    expect(rest.body.error.code).toBe('BAD_USER_INPUT');
  });
});

describe('isolation', () => {
  it("another user neither lists nor uses nor deletes someone's secrets", async () => {
    const listed = await gql('{ secrets { name } }', {}, bob.token);
    expect(listed.data.secrets).toEqual([]);
    const theirs = await createFunction(bob.token, { name: 'thief', runtime: 'PYTHON', code: PYTHON_CODE, secrets: ['API_TOKEN'] });
    const ran = await invoke(bob.token, theirs.data.createFunction.id);
    expect(ran.status).toBe('ERROR');
    expect(ran.error).toContain('API_TOKEN');
    expect(ran.error).toContain('does not exist');
    const deleted = await gql('mutation { deleteSecret(name: "API_TOKEN") }', {}, bob.token);
    expect(deleted.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Bob's own secret of the same name is his alone.
    await setSecret(bob.token, 'API_TOKEN', 'bobs-own-value');
    const own = await invoke(bob.token, theirs.data.createFunction.id);
    expect(own.result.sha).toBe(sha256('bobs-own-value'));
  }, 60_000);
});

describe('values', () => {
  it('never appear in any API response (GraphQL, function{env}, the seed API, errors)', async () => {
    await gql('query($id: ID!) { function(id: $id) { env secrets versions { secrets } } functions { env secrets } }', { id: pyId }, alice.token);
    for (const p of ['/api/v1/functions/', `/api/v1/functions/${pyId}`]) responses.push((await server.http('GET', p, { token: alice.token })).text);
    responses.push((await server.http('POST', `/api/v1/execute/${pyId}`, { token: alice.token, body: { fail: true } })).text);
    expect(responses.length).toBeGreaterThan(20);
    for (const text of responses) {
      for (const value of [first, second]) {
        expect(text.includes(value), text.slice(0, 300)).toBe(false);
        expect(text.includes(base64(value).replace(/=+$/, '')), text.slice(0, 300)).toBe(false);
      }
    }
  }, 60_000);

  // The file grep is SQLite's; on PostgreSQL the same rows are written by the same code.
  it.skipIf(testDialect === 'postgres')('are encrypted in the database file (and its WAL), under a 0600 key file', async () => {
    await server.app.services.invocations.drain();
    const files = fs.readdirSync(server.dataDir).filter((f) => f.startsWith('fnbox.sqlite'));
    expect(files).toContain('fnbox.sqlite');
    const all = Buffer.concat(files.map((file) => fs.readFileSync(path.join(server.dataDir, file))));
    // The names are there (in the file or its WAL), so the scan looks where the rows are.
    expect(all.includes(Buffer.from('API_TOKEN'))).toBe(true);
    for (const value of [first, second]) {
      expect(all.includes(Buffer.from(value)), 'the database holds a value').toBe(false);
      expect(all.includes(Buffer.from(base64(value).replace(/=+$/, ''))), 'the database holds a value in base64').toBe(false);
    }
    expect(fs.statSync(path.join(server.dataDir, 'secrets-key')).mode & 0o777).toBe(0o600);
  });

  it('never reach the server log, even at debug level', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) for (const value of [first, second]) expect(line.includes(value)).toBe(false);
  });
});

describe('a deleted secret', () => {
  it("makes the invocations of functions that still list it ERROR, naming it", async () => {
    const deleted = await gql('mutation { deleteSecret(name: "API_TOKEN") }', {}, alice.token);
    expect(deleted.data.deleteSecret).toBe(true);
    const ran = await invoke(alice.token, pyId);
    expect(ran.status).toBe('ERROR');
    expect(ran.error).toMatch(/secret API_TOKEN does not exist/);
    // The same for a call accepted to run in the background.
    const accepted = await gql('mutation($id: ID!) { invokeFunctionAsync(id: $id, input: {}) { id } }', { id: pyId }, alice.token);
    const asyncId = accepted.data.invokeFunctionAsync.id;
    let finished: { status: string; error: string | null } | undefined;
    while (!finished) {
      const read = await gql('query($id: ID!) { invocation(id: $id) { status error } }', { id: asyncId }, alice.token);
      if (!['QUEUED', 'RUNNING'].includes(read.data.invocation.status)) finished = read.data.invocation;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(finished).toEqual({ status: 'ERROR', error: expect.stringMatching(/secret API_TOKEN does not exist/) });
    // Ended before they ran, both gave back what they held of the queue budget.
    const usage = await gql('{ me { usage { queuedBytes } } }', {}, alice.token);
    expect(usage.data.me.usage.queuedBytes).toBe(0);
    // Setting it again heals the function.
    await setSecret(alice.token, 'API_TOKEN', first);
    expect((await invoke(alice.token, pyId)).result.sha).toBe(sha256(first));
  }, 60_000);
});
