/**
 * Issue 14: a route event's `body`. One-file code keeps parsed JSON (as it always had); a
 * bundle's Lambda-style handler gets payload 2.0's string body, which adapters such as
 * serverless-http and Mangum read as is (they fail on an object).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let owner: Awaited<ReturnType<TestServer['signUp']>>;
const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id route } }';
// What Mangum does with the event's body: a str is encoded, anything else fails.
const ADAPTER = `import base64, json
def handler(event, context):
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()
    return {"statusCode": 200, "body": json.dumps({"type": type(event.get("body")).__name__, "parsed": json.loads(raw or b"null")})}
`;

beforeAll(async () => {
  server = await startTestServer();
  owner = await server.signUp('route-body');
}, 120_000);
afterAll(() => server?.close());

async function create(name: string, input: Record<string, unknown>) {
  const res = await server.gql(CREATE, { i: { name, runtime: 'PYTHON', route: `/rb-${process.pid}-${name}`, ...input } }, owner.token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction as { id: string; route: string };
}

it("a bundle's handler gets the JSON body as the text it was sent, as payload 2.0 has it", async () => {
  const fn = await create('bundled', { files: [{ path: 'app.py', content: ADAPTER }], handler: 'app.handler' });
  const res = await server.http('POST', `/fn${fn.route}`, { token: owner.token, body: '{"a": [1, 2]}' });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ type: 'str', parsed: { a: [1, 2] } });
}, 60_000);

it('one-file code keeps the parsed JSON body it always had', async () => {
  const fn = await create('onefile', { code: 'def handler(event, context):\n    return {"body": event["body"], "raw": event["rawBody"]}\n' });
  const res = await server.http('POST', `/fn${fn.route}`, { token: owner.token, body: '{"a": [1, 2]}' });
  expect(res.body).toEqual({ body: { a: [1, 2] }, raw: '{"a": [1, 2]}' });
}, 60_000);
