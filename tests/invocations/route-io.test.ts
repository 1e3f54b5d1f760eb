import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let owner: Awaited<ReturnType<TestServer['signUp']>>;
let n = 0;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id route access version } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id route access version } }';
const unique = (name: string) => `/${name}-${process.pid}-${Date.now()}-${++n}`;

async function create(runtime: 'PYTHON' | 'NODE', code: string, extra: Record<string, unknown> = {}, token = owner.token) {
  const res = await server.gql(CREATE, { i: { name: `io${n}`, runtime, code, route: unique('io'), ...extra } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction as { id: string; route: string; access: string; version: number };
}

/** A 1x1 PNG, every byte of it (0x89 first: not UTF-8). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  // Five calls at once per client and route, then one a minute: enough for every test here.
  server = await startTestServer({ publicRoutePerMinute: 1, publicRouteBurst: 5 });
  owner = await server.signUp('io');
});
afterAll(() => server?.close());

describe('PUBLIC routes', () => {
  it('let a webhook in without credentials, and its code can check an HMAC of the exact body bytes', async () => {
    const code = `const crypto = require('node:crypto');
exports.handler = async (event) => {
  const body = Buffer.from(event.rawBody, event.isBase64Encoded ? 'base64' : 'utf8');
  const expected = 'sha256=' + crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(body).digest('hex');
  const given = event.headers['x-hub-signature-256'] || '';
  const ok = given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  return ok ? { statusCode: 200, body: 'verified ' + event.body.action } : { statusCode: 401, body: 'bad signature' };
};`;
    const fn = await create('NODE', code, { access: 'PUBLIC', env: { WEBHOOK_SECRET: 'shh' } });
    expect(fn.access).toBe('PUBLIC');
    // Spacing JSON.stringify would not reproduce: only the raw bytes verify.
    const payload = '{ "action" :  "opened",\n  "number": 1 }';
    const signature = `sha256=${crypto.createHmac('sha256', 'shh').update(payload).digest('hex')}`;
    const signed = await server.http('POST', `/fn${fn.route}`, { body: payload, headers: { 'x-hub-signature-256': signature } });
    expect(signed.status).toBe(200);
    expect(signed.text).toBe('verified opened');
    const forged = await server.http('POST', `/fn${fn.route}`, { body: payload.replace('1', '2'), headers: { 'x-hub-signature-256': signature } });
    expect(forged.status).toBe(401);
  });

  it('stay PRIVATE by default, and access changes without a new version', async () => {
    const fn = await create('PYTHON', 'def handler(event, context):\n    return {"ok": True}\n');
    expect(fn.access).toBe('PRIVATE');
    expect((await server.http('GET', `/fn${fn.route}`)).status).toBe(401);
    const opened = await server.gql(UPDATE, { id: fn.id, i: { access: 'PUBLIC' } }, owner.token);
    expect(opened.data.updateFunction).toMatchObject({ access: 'PUBLIC', version: 1 });
    const anonymous = await server.http('GET', `/fn${fn.route}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ ok: true });
  });

  it('limit calls per client with 429 and Retry-After', async () => {
    const fn = await create('PYTHON', 'def handler():\n    return 1\n', { access: 'PUBLIC' });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 6; i++) {
      const res = await server.http('GET', `/fn${fn.route}`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.body.error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('hide a failing function\'s error and logs from anonymous callers', async () => {
    const fn = await create('PYTHON', 'def handler():\n    print("secret log")\n    raise ValueError("secret detail")\n', { access: 'PUBLIC' });
    const res = await server.http('GET', `/fn${fn.route}`);
    expect(res.status).toBe(502);
    expect(res.text).not.toContain('secret');
  });

  it('run every response in a sandbox the function cannot lift', async () => {
    const fn = await create('NODE', `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'" }, body: '<p>hi</p>' });`, { access: 'PUBLIC' });
    const res = await server.http('GET', `/fn${fn.route}`);
    expect(res.status).toBe(200);
    const policies = res.headers.get('content-security-policy')!;
    expect(policies).toMatch(/^sandbox allow-scripts/);
    expect(policies).not.toContain('allow-same-origin');
    expect(policies).toContain("default-src 'self'");
    // Only the dashboard shares the origin: a page injected there could not load a route as its script.
    const asScript = await server.http('GET', `/fn${fn.route}`, { headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'script' } });
    expect(asScript.status).toBe(403);
  });
});

describe('the whole request', () => {
  const ECHO =
    'def handler(event, context):\n' +
    '    names = [context.aws_request_id == context.awsRequestId, context.memory_limit_in_mb == context.memoryLimitInMB, context.getRemainingTimeInMillis() > 0]\n' +
    '    return {"statusCode": 200, "body": {"event": event, "requestId": context.aws_request_id, "names": names}}\n';

  it('is a payload 2.0 event beside today\'s fields: repeats, case, cookies and every header of a PUBLIC call', async () => {
    const fn = await create('PYTHON', ECHO, { access: 'PUBLIC' });
    const res = await server.http('POST', `/fn${fn.route}/Users/ABC?tag=a&tag=b&x=1`, {
      body: '{"a": 1}',
      headers: { cookie: 'session=s1; theme=Dark', 'user-agent': 'hook-tester/1.0', authorization: 'Bearer not-ours' },
    });
    expect(res.status).toBe(200);
    const { event, requestId, names } = res.body;
    expect(requestId).toBe(res.headers.get('x-fnbox-invocation-id'));
    expect(names).toEqual([true, true, true]);
    expect(event).toMatchObject({
      method: 'POST',
      path: `${fn.route}/Users/ABC`,
      subpath: '/Users/ABC',
      query: { tag: 'b', x: '1' },
      body: { a: 1 },
      version: '2.0',
      rawPath: `${fn.route}/Users/ABC`,
      rawQueryString: 'tag=a&tag=b&x=1',
      queryStringParameters: { tag: 'a,b', x: '1' },
      cookies: ['session=s1', 'theme=Dark'],
      rawBody: '{"a": 1}',
      isBase64Encoded: false,
      pathParameters: {},
      requestContext: { http: { method: 'POST', path: `${fn.route}/Users/ABC`, sourceIp: '127.0.0.1', userAgent: 'hook-tester/1.0' } },
    });
    // A PUBLIC route is the function's own: every header reaches it.
    expect(event.headers.authorization).toBe('Bearer not-ours');
    expect(event.headers.cookie).toBe('session=s1; theme=Dark');
  });

  it('strips only fnbox\'s credential on a PRIVATE route', async () => {
    const fn = await create('PYTHON', ECHO);
    const res = await server.http('GET', `/fn${fn.route}`, { token: owner.token, headers: { cookie: 'a=1' } });
    expect(res.body.event.headers.authorization).toBeUndefined();
    expect(res.body.event.cookies).toEqual(['a=1']);
  });

  it('carries a binary upload intact, as base64 (PNG in, same bytes back from Python)', async () => {
    const fn = await create(
      'PYTHON',
      'import base64\ndef handler(event, context):\n    data = base64.b64decode(event["rawBody"]) if event["isBase64Encoded"] else b""\n    return {"statusCode": 200, "headers": {"content-type": "image/png"}, "body": data}\n',
      { access: 'PUBLIC' },
    );
    const res = await fetch(`${server.url}/fn${fn.route}`, { method: 'PUT', body: new Uint8Array(PNG), headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('sends text bodies as text only when they are valid UTF-8', async () => {
    const fn = await create('NODE', 'exports.handler = async (e) => ({ statusCode: 200, body: { raw: e.rawBody, b64: e.isBase64Encoded, body: e.body } });', { access: 'PUBLIC' });
    const call = async (body: Buffer, type: string) => (await fetch(`${server.url}/fn${fn.route}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type } })).json();
    expect(await call(Buffer.from('héllo'), 'text/plain; charset=utf-8')).toEqual({ raw: 'héllo', b64: false, body: 'héllo' });
    const latin1 = Buffer.from([0x68, 0xe9]);
    expect(await call(latin1, 'text/plain')).toEqual({ raw: latin1.toString('base64'), b64: true, body: latin1.toString('base64') });
    expect(await call(Buffer.from('abc'), 'application/octet-stream')).toEqual({ raw: 'YWJj', b64: true, body: 'YWJj' });
  });

  it('gives Node handlers Lambda\'s context names and callback style', async () => {
    const fn = await create('NODE', 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { id: context.awsRequestId, mb: context.memoryLimitInMB, left: context.getRemainingTimeInMillis() > 0 }), 5); };');
    const res = await server.http('GET', `/fn${fn.route}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mb: 128, left: true });
    expect(res.body.id).toBe(res.headers.get('x-fnbox-invocation-id'));
  });
});

describe('the whole response', () => {
  it('sends a Node Buffer and an isBase64Encoded body as bytes', async () => {
    const buffer = await create('NODE', `exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from('${PNG.toString('base64')}', 'base64') });`, { access: 'PUBLIC' });
    const encoded = await create('PYTHON', `def handler():\n    return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "${PNG.toString('base64')}", "isBase64Encoded": True}\n`, { access: 'PUBLIC' });
    for (const fn of [buffer, encoded]) {
      const res = await fetch(`${server.url}/fn${fn.route}`);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    }
  });

  it('keeps several Set-Cookie headers apart, from header arrays and `cookies`', async () => {
    const fn = await create('NODE', `exports.handler = async () => ({ statusCode: 200, headers: { 'Set-Cookie': ['a=1; Path=/', 'b=2'], 'X-Multi': ['x', 'y'] }, cookies: ['c=3; HttpOnly'], body: 'ok' });`, { access: 'PUBLIC' });
    const res = await fetch(`${server.url}/fn${fn.route}`);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2', 'c=3; HttpOnly']);
    expect(res.headers.get('x-multi')).toBe('x, y');
  });

  it('keeps the framing, and the dashboard\'s storage, out of a function\'s hands', async () => {
    const fn = await create('NODE', `exports.handler = async () => ({ statusCode: 200, headers: { 'Transfer-Encoding': 'chunked', 'Content-Length': '1', 'Clear-Site-Data': '"storage"', 'X-Kept': 'yes' }, body: 'hello' });`, { access: 'PUBLIC' });
    const res = await server.http('GET', `/fn${fn.route}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello');
    expect(res.headers.get('content-length')).toBe('5');
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(res.headers.get('clear-site-data')).toBeNull();
    expect(res.headers.get('x-kept')).toBe('yes');
  });

  it('answers 502 for a status code or header HTTP cannot carry', async () => {
    for (const result of ['{ statusCode: 1000, body: "x" }', '{ statusCode: 200, headers: { "x-bad": "a\\nb" } }', '{ statusCode: 200, cookies: "a=1" }']) {
      const fn = await create('NODE', `exports.handler = async () => (${result});`, { access: 'PUBLIC' });
      const res = await server.http('GET', `/fn${fn.route}`);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain('invalid HTTP response');
    }
  });
});

describe('OPTIONS and CORS', () => {
  it('reach the function, and the platform adds no CORS headers of its own', async () => {
    const cors = await startTestServer({ corsOrigin: '*', executor: { stemCellsPerRuntime: 0 } as never });
    try {
      const user = await cors.signUp('cors');
      const res = await cors.gql(CREATE, { i: { name: 'cors', runtime: 'NODE', route: unique('cors'), access: 'PUBLIC', code: `exports.handler = async (e) => ({ statusCode: 204, headers: { 'access-control-allow-origin': 'https://app.example', 'x-method': e.method } });` } }, user.token);
      const { route } = res.data.createFunction;
      const preflight = await fetch(`${cors.url}/fn${route}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('x-method')).toBe('OPTIONS');
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    } finally {
      await cors.close();
    }
  });
});

describe('client address behind a proxy', () => {
  it('believes X-Forwarded-For only from the proxies FNBOX_TRUST_PROXY names', async () => {
    const code = 'exports.handler = async (e) => e.requestContext.http.sourceIp;';
    const fn = await create('NODE', code, { access: 'PUBLIC' });
    const spoofed = await server.http('GET', `/fn${fn.route}`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(spoofed.body).toBe('127.0.0.1');

    const proxied = await startTestServer({ trustProxy: '127.0.0.0/8', executor: { stemCellsPerRuntime: 0 } as never });
    try {
      const user = await proxied.signUp('proxy');
      const { route } = (await proxied.gql(CREATE, { i: { name: 'ip', runtime: 'NODE', route: unique('ip'), access: 'PUBLIC', code } }, user.token)).data.createFunction;
      // The client's own claim (left) is not believed: the address the trusted proxy saw is.
      const res = await proxied.http('GET', `/fn${route}`, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } });
      expect(res.body).toBe('203.0.113.9');
    } finally {
      await proxied.close();
    }
  });
});
