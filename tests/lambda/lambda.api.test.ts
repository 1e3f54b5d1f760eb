/**
 * The AWS Lambda API with the official AWS SDK for JavaScript v3 against a real server:
 * functions created from zips built here, invoked, listed, updated and deleted the way
 * Lambda tooling does it, and the requests SigV4 must refuse.
 */
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zip } from '../support/archives.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const REGION = 'eu-west-3';
const ROLE = 'arn:aws:iam::123456789012:role/ignored';
const PYTHON_ZIP = zip([
  { name: 'app.py', data: 'import os\ndef handler(event, context):\n    print("hello from python", event.get("who"))\n    return {"who": event.get("who"), "greeting": os.environ.get("GREETING", "none")}\n' },
]);
const NODE_ZIP = zip([
  { name: 'index.js', data: 'exports.handler = async (event) => {\n  console.log("node saw", JSON.stringify(event));\n  if (event.fail) throw new TypeError("asked to fail");\n  return { doubled: event.n * 2 };\n};\n' },
]);

/** Whether the AWS CLI is installed (it is not on the CI machine: its test is skipped there). */
const awsCli = (() => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let server: TestServer;
let owner: { token: string; id: string };
let credentials: { accessKeyId: string; secretAccessKey: string };
let lambda: LambdaClient;

async function createKey(token: string) {
  const res = await server.gql(`mutation { createApiKey(name: "aws") { key apiKey { id } accessKeyId secretAccessKey } }`, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data.createApiKey as { key: string; apiKey: { id: string }; accessKeyId: string; secretAccessKey: string };
}

const clientFor = (creds: { accessKeyId: string; secretAccessKey: string }, extra: Record<string, unknown> = {}) =>
  new LambdaClient({ endpoint: server.url, region: REGION, credentials: creds, maxAttempts: 1, ...extra });

async function createPython(name: string) {
  return createPythonWith(lambda, name);
}

async function createPythonWith(client: LambdaClient, name: string) {
  return client.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: PYTHON_ZIP } }));
}

/** The platform's id of one of the owner's functions (GraphQL: the Lambda shapes carry no id). */
async function functionId(name: string): Promise<string> {
  const res = await server.gql(`{ functions { id name } }`, {}, owner.token);
  return res.data.functions.find((f: { name: string }) => f.name === name).id;
}

const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

/** Node's crypto as the signer's hash constructor (HMAC when given a secret). */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const asBytes = (data: Bytes) => (typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
class Sha256 {
  private readonly hash: crypto.Hash | crypto.Hmac;
  constructor(secret?: Bytes) {
    this.hash = secret ? crypto.createHmac('sha256', asBytes(secret)) : crypto.createHash('sha256');
  }
  update(data: Bytes) {
    this.hash.update(asBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await server.signUp('lambda');
  const key = await createKey(owner.token);
  credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
  lambda = clientFor(credentials);
});

afterAll(async () => {
  lambda?.destroy();
  await server?.close();
});

describe('Lambda API with the AWS SDK', () => {
  it('creates a Python function from a zip, waits for it, and invokes it with Tail logs', async () => {
    expect(credentials.accessKeyId).toMatch(/^AKFB[0-9A-F]{32}$/);
    const keys = await server.gql(`{ apiKeys { accessKeyId } }`, {}, owner.token);
    expect(keys.data.apiKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).toContain(credentials.accessKeyId);
    const created = await createPython('greeter');
    expect(created).toMatchObject({ FunctionName: 'greeter', Runtime: 'python3.12', Handler: 'app.handler', State: 'Active', Version: '$LATEST', PackageType: 'Zip' });
    expect(created.FunctionArn).toMatch(new RegExp(`^arn:aws:lambda:${REGION}:\\d{12}:function:greeter$`));
    expect(created.$metadata.httpStatusCode).toBe(201);

    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'greeter' });
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Payload: payload({ who: 'sdk' }), LogType: 'Tail' }));
    expect(invoked.StatusCode).toBe(200);
    expect(invoked.FunctionError).toBeUndefined();
    expect(decode(invoked.Payload)).toEqual({ who: 'sdk', greeting: 'none' });
    const logs = Buffer.from(invoked.LogResult!, 'base64').toString('utf8');
    expect(logs).toContain('hello from python sdk');
    expect(logs).toContain('REPORT RequestId:');
  });

  it('addresses a function by ARN and by id, and answers the AWS shapes', async () => {
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    const byArn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: Configuration!.FunctionArn }));
    expect(byArn.FunctionName).toBe('greeter');
    // The same name under another account is another function: not found.
    const elsewhere = Configuration!.FunctionArn!.replace(/:\d{12}:/, ':000000000000:');
    await expect(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: elsewhere }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const id = await functionId('greeter');
    const byId = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: id }));
    expect(byId.FunctionArn).toBe(Configuration!.FunctionArn);
    expect(byId).toMatchObject({ Timeout: 30, MemorySize: 128, LastUpdateStatus: 'Successful' });
    expect(byId.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reports a failed invocation as FunctionError Unhandled with the error payload (Node)', async () => {
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'doubler', Runtime: 'nodejs20.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: NODE_ZIP } }));
    const ok = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', Payload: payload({ n: 21 }) }));
    expect(decode(ok.Payload)).toEqual({ doubled: 42 });

    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', Payload: payload({ fail: true }), LogType: 'Tail' }));
    expect(failed.StatusCode).toBe(200);
    expect(failed.FunctionError).toBe('Unhandled');
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'asked to fail' });
    expect(Buffer.from(failed.LogResult!, 'base64').toString()).toContain('node saw {"fail":true}');
  });

  it('runs InvocationType Event through the durable queue (202, then it finishes) and DryRun answers 204', async () => {
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'doubler', InvocationType: 'Event', Payload: payload({ n: 5 }) }));
    expect(queued.StatusCode).toBe(202);
    const id = await functionId('doubler');
    let finished: { status: string; result: unknown } | undefined;
    for (let attempt = 0; attempt < 200 && !finished; attempt++) {
      const res = await server.gql(`query($id: ID!) { invocations(functionId: $id, first: 20) { edges { node { status result input } } } }`, { id }, owner.token);
      finished = res.data.invocations.edges.map((e: { node: any }) => e.node).find((n: any) => n.input?.n === 5 && n.status === 'SUCCESS');
      if (!finished) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(finished?.result).toEqual({ doubled: 10 });
  });

  it('lists functions a page at a time with MaxItems and Marker', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await createPython(name);
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
      pages++;
    } while (marker);
    expect(names).toEqual(['doubler', 'greeter', 'page-a', 'page-b', 'page-c']);
    expect(pages).toBe(3);
  });

  it('updates code and configuration (Environment), and the SDK waiter sees the update done', async () => {
    const newCode = zip([{ name: 'app.py', data: 'def handler(event, context):\n    return "v2"\n' }]);
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'page-a', ZipFile: newCode }));
    expect(updated.LastUpdateStatus).toBe('Successful');
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'page-a' });
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'page-a' }))).Payload)).toBe('v2');

    const configured = await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'page-b', Environment: { Variables: { GREETING: 'bonjour' } }, Timeout: 10, MemorySize: 256 }),
    );
    expect(configured).toMatchObject({ Timeout: 10, MemorySize: 256, Environment: { Variables: { GREETING: 'bonjour' } } });
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'page-b' });
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: 'page-b', Payload: payload({ who: 'env' }) }))).Payload)).toEqual({ who: 'env', greeting: 'bonjour' });
  });

  it('publishes versions, routes calls through aliases (live, a canary) and honours Qualifier', async () => {
    const code = (answer: string) => zip([{ name: 'app.py', data: `def handler(event, context):\n    return "${answer}"\n` }]);
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'versioned', Runtime: 'python3.12', Role: ROLE, Handler: 'app.handler', Code: { ZipFile: code('one') } }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: code('two') }));
    const published = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    expect(published).toMatchObject({ Version: '2', $metadata: { httpStatusCode: 201 } });
    expect(published.FunctionArn).toMatch(/:function:versioned:2$/);

    const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
    expect(alias).toMatchObject({ Name: 'live', FunctionVersion: '1', $metadata: { httpStatusCode: 201 } });
    expect(alias.AliasArn).toMatch(/:function:versioned:live$/);
    await expect(lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '2' }))).rejects.toMatchObject({ name: 'ResourceConflictException' });

    const run = async (input: { FunctionName: string; Qualifier?: string }) => {
      const out = await lambda.send(new InvokeCommand(input));
      return [decode(out.Payload), out.ExecutedVersion];
    };
    expect(await run({ FunctionName: 'versioned' })).toEqual(['one', '1']); // unqualified calls run alias live
    expect(await run({ FunctionName: 'versioned', Qualifier: '2' })).toEqual(['two', '2']);
    expect(await run({ FunctionName: 'versioned', Qualifier: '$LATEST' })).toEqual(['two', '2']);
    expect(await run({ FunctionName: 'versioned:live' })).toEqual(['one', '1']);
    expect(await run({ FunctionName: `${published.FunctionArn!.replace(/:2$/, '')}:live` })).toEqual(['one', '1']);
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'versioned:live', Qualifier: '2' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });

    const v1 = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'versioned', Qualifier: 'live' }));
    expect(v1).toMatchObject({ Version: '1' });
    expect(v1.FunctionArn).toMatch(/:function:versioned:live$/);

    const canary = await lambda.send(new UpdateAliasCommand({ FunctionName: 'versioned', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '2': 1 } } }));
    expect(canary).toMatchObject({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 1 } } });
    expect(await run({ FunctionName: 'versioned' })).toEqual(['two', '2']); // a canary of weight 1 takes every call
    const moved = await lambda.send(new UpdateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '2', RoutingConfig: {} }));
    expect(moved.RoutingConfig).toBeUndefined();
    expect(await lambda.send(new GetAliasCommand({ FunctionName: 'versioned', Name: 'live' }))).toMatchObject({ FunctionVersion: '2' });

    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '1', InvocationType: 'Event', Payload: payload({ queued: true }) }));
    expect(queued.StatusCode).toBe(202);
    const id = await functionId('versioned');
    let ran: { functionVersion: number; result: unknown } | undefined;
    for (let attempt = 0; attempt < 200 && !ran; attempt++) {
      const res = await server.gql(`query($id: ID!) { invocations(functionId: $id, first: 20) { edges { node { status result functionVersion input } } } }`, { id }, owner.token);
      ran = res.data.invocations.edges.map((e: { node: any }) => e.node).find((n: any) => n.status === 'SUCCESS' && n.input?.queued === true);
      if (!ran) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ran).toMatchObject({ functionVersion: 1, result: 'one' });
  });

  it('deletes a function', async () => {
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'page-c' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expect(lambda.send(new GetFunctionCommand({ FunctionName: 'page-c' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('refuses a payload that is not JSON (InvalidRequestContentException)', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'greeter', Payload: new TextEncoder().encode('not json') }))).rejects.toMatchObject({
      name: 'InvalidRequestContentException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  // The AWS CLI (botocore: its own signer, the trailing-slash ListFunctions path): run when installed.
  it.skipIf(!awsCli)('works with the AWS CLI and --endpoint-url', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_DEFAULT_REGION: REGION };
    const aws = (...args: string[]) => promisify(execFile)('aws', ['--endpoint-url', server.url, 'lambda', ...args], { env });
    const listed = JSON.parse((await aws('list-functions')).stdout);
    expect(listed.Functions.map((f: { FunctionName: string }) => f.FunctionName)).toContain('greeter');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-aws-'));
    // fileb:// reads the payload as bytes in CLI v1 and v2 alike.
    fs.writeFileSync(path.join(dir, 'in.json'), '{"who":"cli"}');
    const invoked = JSON.parse((await aws('invoke', '--function-name', 'greeter', '--payload', `fileb://${path.join(dir, 'in.json')}`, '--log-type', 'Tail', path.join(dir, 'out.json'))).stdout);
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: '1' });
    expect(Buffer.from(invoked.LogResult, 'base64').toString()).toContain('hello from python cli');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'))).toEqual({ who: 'cli', greeting: 'none' });
    const config = JSON.parse((await aws('get-function-configuration', '--function-name', 'greeter')).stdout);
    expect(config).toMatchObject({ FunctionName: 'greeter', State: 'Active' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second function of the same name and a runtime it does not run', async () => {
    await expect(createPython('greeter')).rejects.toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    await expect(
      lambda.send(new CreateFunctionCommand({ FunctionName: 'javaish', Runtime: 'java21', Role: ROLE, Handler: 'x', Code: { ZipFile: PYTHON_ZIP } })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('Lambda API refusals', () => {
  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const res = await fetch(`${server.url}/2015-03-31/functions/`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toMatchObject({ Type: 'User', message: 'Missing Authentication Token' });
    // A bearer token is not a signature either.
    const bearer = await fetch(`${server.url}/2015-03-31/functions/`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(bearer.status).toBe(400);
  });

  it('refuses a wrong secret, an unknown key and a revoked key', async () => {
    const wrong = clientFor({ accessKeyId: credentials.accessKeyId, secretAccessKey: `${credentials.secretAccessKey.slice(0, -2)}AA` });
    await expect(wrong.send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    const unknown = clientFor({ accessKeyId: `AKFB${'0'.repeat(32)}`, secretAccessKey: credentials.secretAccessKey });
    await expect(unknown.send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    const key = await createKey(owner.token);
    const revocable = clientFor(key);
    await revocable.send(new ListFunctionsCommand({}));
    const revoked = await server.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: key.apiKey.id }, owner.token);
    expect(revoked.errors).toBeUndefined();
    await expect(revocable.send(new ListFunctionsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses a tampered body: the signature covers the payload (with and without x-amz-content-sha256)', async () => {
    for (const applyChecksum of [true, false]) {
      const signer = new SignatureV4({ credentials, region: REGION, service: 'lambda', sha256: Sha256, applyChecksum });
      const host = new URL(server.url).host;
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: Number(new URL(server.url).port),
        path: '/2015-03-31/functions/doubler/invocations',
        query: {},
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({ n: 1 }),
      });
      expect('x-amz-content-sha256' in signed.headers).toBe(applyChecksum);
      const send = (body: string) => fetch(`${server.url}${signed.path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
      expect((await send(JSON.stringify({ n: 1 }))).status).toBe(200);
      const tampered = await send(JSON.stringify({ n: 1000 }));
      expect(tampered.status).toBe(403);
      expect(tampered.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    }
  });

  it('accepts a presigned URL and refuses it once expired', async () => {
    const signer = new SignatureV4({ credentials, region: REGION, service: 'lambda', sha256: Sha256 });
    const url = new URL(server.url);
    const request = { method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/2015-03-31/functions/greeter/configuration', query: {}, headers: { host: url.host } };
    const query = (q: Record<string, unknown> = {}) => new URLSearchParams(q as Record<string, string>).toString().replace(/\+/g, '%20');
    const fresh = await signer.presign(request, { expiresIn: 60 });
    const ok = await fetch(`${server.url}${fresh.path}?${query(fresh.query)}`);
    expect(ok.status).toBe(200);
    expect((await ok.json()).FunctionName).toBe('greeter');
    const old = await signer.presign(request, { expiresIn: 60, signingDate: new Date(Date.now() - 5 * 60_000) });
    const expired = await fetch(`${server.url}${old.path}?${query(old.query)}`);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ message: expect.stringContaining('Signature expired') });
  });

  it('refuses a request signed 20 minutes ago as "Signature expired"', async () => {
    const skewed = clientFor(credentials, { systemClockOffset: -20 * 60_000 });
    await expect(skewed.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringContaining('Signature expired'),
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('honours scoped keys: an invoke-only key limited to one function invokes it and nothing else', async () => {
    const res = await server.gql(
      `mutation { createApiKey(name: "ci", invokeOnly: true, functions: ["doubler"]) { accessKeyId secretAccessKey } }`,
      {},
      owner.token,
    );
    expect(res.errors).toBeUndefined();
    const scoped = clientFor(res.data.createApiKey);
    expect(decode((await scoped.send(new InvokeCommand({ FunctionName: 'doubler', Payload: payload({ n: 4 }) }))).Payload)).toEqual({ doubled: 8 });
    const denied = { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } };
    await expect(scoped.send(new InvokeCommand({ FunctionName: 'greeter', Payload: payload({}) }))).rejects.toMatchObject(denied);
    await expect(scoped.send(new GetFunctionConfigurationCommand({ FunctionName: 'doubler' }))).rejects.toMatchObject(denied);
    await expect(scoped.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'doubler', Timeout: 5 }))).rejects.toMatchObject(denied);
    await expect(scoped.send(new ListFunctionsCommand({}))).rejects.toMatchObject(denied);
    await expect(scoped.send(new DeleteFunctionCommand({ FunctionName: 'doubler' }))).rejects.toMatchObject(denied);
    await expect(createPythonWith(scoped, 'sneaky')).rejects.toMatchObject(denied);
  });

  it("answers another user's function as not found (404, not 403), by name, id and ARN", async () => {
    const other = await server.signUp('lambda-other');
    const otherClient = clientFor(await createKey(other.token));
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    const id = await functionId('greeter');
    for (const FunctionName of ['greeter', id, Configuration!.FunctionArn!]) {
      await expect(otherClient.send(new InvokeCommand({ FunctionName, Payload: payload({}) }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      });
    }
    expect((await otherClient.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });
});
