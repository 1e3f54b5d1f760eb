import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Red team: a key scoped to manage one function (a CI deploy key for `alpha`) must not reach past
// it by changing alpha's settings: attaching the owner's other secrets (and printing them) or
// making another function alpha's async destination. Each test performs the attack.

const CODE = 'def handler(event):\n    return {"ok": True}\n';
const LEAK = 'import os\ndef handler(event):\n    return {"stolen": os.environ.get("PAYMENTS_TOKEN")}\n';

describe('a function-scoped key cannot widen its function', () => {
  let server: TestServer;
  let owner: { token: string; id: string };
  let alpha: string;
  let beta: string;
  let key: string;

  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
  const create = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await server.gql('mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }', { i: { name, runtime: 'PYTHON', code: CODE, ...extra } }, owner.token);
    expect(res.errors).toBeUndefined();
    return res.data.createFunction.id as string;
  };
  const update = (id: string, input: Record<string, unknown>, token: string) =>
    server.gql('mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { secrets onFailureFunctionId onSuccessFunctionId version } }', { id, i: input }, token);

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.signUp('widening');
    for (const [name, value] of [['PAYMENTS_TOKEN', 'sk-live-secret'], ['ALPHA_TOKEN', 'alpha-own']]) {
      const set = await server.gql('mutation($n: String!, $v: String!) { setSecret(name: $n, value: $v) { name } }', { n: name, v: value }, owner.token);
      expect(set.errors).toBeUndefined();
    }
    alpha = await create('alpha', { secrets: ['ALPHA_TOKEN'] });
    beta = await create('beta');
    const minted = await server.gql('mutation { createApiKey(name: "deploy-alpha", functions: ["alpha"]) { key } }', {}, owner.token);
    expect(minted.errors).toBeUndefined();
    key = minted.data.createApiKey.key;
  });
  afterAll(() => server?.close());

  it("cannot attach the owner's other secrets to its function and read them", async () => {
    const attached = await update(alpha, { code: LEAK, secrets: ['ALPHA_TOKEN', 'PAYMENTS_TOKEN'] }, key);
    expect(code(attached)).toBe('FORBIDDEN');
    const ran = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status result } }', { id: alpha }, key);
    expect(JSON.stringify(ran.data?.invokeFunction?.result ?? null)).not.toContain('sk-live-secret');
    const now = await server.gql('query($id: ID!) { function(id: $id) { secrets } }', { id: alpha }, owner.token);
    expect(now.data.function.secrets).toEqual(['ALPHA_TOKEN']);
  });

  it('may keep or drop the secrets its function already has, and change its code', async () => {
    const kept = await update(alpha, { code: CODE, secrets: ['ALPHA_TOKEN'] }, key);
    expect(kept.errors).toBeUndefined();
    const dropped = await update(alpha, { secrets: [] }, key);
    expect(dropped.errors).toBeUndefined();
    expect(dropped.data.updateFunction.secrets).toEqual([]);
    // Dropped is dropped: putting it back is a change only the owner's full access makes.
    expect(code(await update(alpha, { secrets: ['ALPHA_TOKEN'] }, key))).toBe('FORBIDDEN');
    expect((await update(alpha, { secrets: ['ALPHA_TOKEN'] }, owner.token)).errors).toBeUndefined();
  });

  it('cannot get a secret back by rolling back to a version that had it, then changing the code', async () => {
    // The owner once gave alpha PAYMENTS_TOKEN, then took it away.
    const given = await update(alpha, { secrets: ['PAYMENTS_TOKEN'] }, owner.token);
    expect(given.errors).toBeUndefined();
    const withSecret = given.data.updateFunction.version as number;
    expect((await update(alpha, { secrets: [] }, owner.token)).errors).toBeUndefined();
    const rolled = await server.gql('mutation($id: ID!, $v: Int!) { rollbackFunction(id: $id, version: $v) { secrets } }', { id: alpha, v: withSecret }, key);
    expect(code(rolled)).toBe('FORBIDDEN');
    expect(code(await update(alpha, { code: LEAK }, key))).toBeUndefined(); // its own code, without the secret
    const ran = await server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status result } }', { id: alpha }, key);
    expect(ran.data.invokeFunction.result).toEqual({ stolen: null });
    // The owner may roll back to it.
    const back = await server.gql('mutation($id: ID!, $v: Int!) { rollbackFunction(id: $id, version: $v) { secrets } }', { id: alpha, v: withSecret }, owner.token);
    expect(back.data.rollbackFunction.secrets).toEqual(['PAYMENTS_TOKEN']);
    expect((await update(alpha, { code: CODE, secrets: ['ALPHA_TOKEN'] }, owner.token)).errors).toBeUndefined();
  });

  it('cannot make a function outside its scope an async destination', async () => {
    for (const field of ['onFailureFunctionId', 'onSuccessFunctionId']) {
      expect(code(await update(alpha, { [field]: beta }, key)), field).toBe('FORBIDDEN');
    }
    // Alpha itself is in scope; and a destination the owner set stays when the key changes other things.
    expect((await update(alpha, { onFailureFunctionId: alpha }, key)).errors).toBeUndefined();
    expect((await update(alpha, { onSuccessFunctionId: beta }, owner.token)).errors).toBeUndefined();
    const other = await update(alpha, { timeoutMs: 4000 }, key);
    expect(other.errors).toBeUndefined();
    expect(other.data.updateFunction.onSuccessFunctionId).toBe(beta);
  });
});
