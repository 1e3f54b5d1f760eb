import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Function names are unique per owner regardless of case, with Lambda's characters, and a
// name (or an ARN) finds the function: what the CLI and the Lambda API look functions up by.

let server: TestServer;
let alice: Awaited<ReturnType<TestServer['signUp']>>;
let bob: Awaited<ReturnType<TestServer['signUp']>>;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id name } }';
const UPDATE = 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id name version } }';
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const input = (name: string) => ({ name, runtime: 'NODE', code: 'exports.handler = () => 1' });

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.signUp('alice');
  bob = await server.signUp('bob');
});
afterAll(async () => {
  await server?.close();
});

describe('function names', () => {
  it("take Lambda's characters, 1-64 of them", async () => {
    for (const name of ['has space', 'dots.in.it', 'slash/es', 'ünïcode', 'x'.repeat(65), '']) {
      expect(code(await server.gql(CREATE, { i: input(name) }, alice.token)), name).toBe('BAD_USER_INPUT');
    }
    expect((await server.gql(CREATE, { i: input(`Ok_name-${'x'.repeat(56)}`) }, alice.token)).errors).toBeUndefined();
  });

  it('are unique per owner regardless of case (CONFLICT), on create and on rename; another owner may use the same', async () => {
    const first = await server.gql(CREATE, { i: input('orders') }, alice.token);
    expect(first.errors).toBeUndefined();
    const twin = await server.gql(CREATE, { i: input('Orders') }, alice.token);
    expect(code(twin)).toBe('CONFLICT');
    expect(twin.errors![0]!.message).toContain('already have a function named "Orders"');
    expect((await server.gql(CREATE, { i: input('orders') }, bob.token)).errors).toBeUndefined();

    const other = (await server.gql(CREATE, { i: input('invoices') }, alice.token)).data.createFunction;
    expect(code(await server.gql(UPDATE, { id: other.id, i: { name: 'ORDERS' } }, alice.token))).toBe('CONFLICT');
    // Its own name in another case is a rename, not a conflict.
    expect((await server.gql(UPDATE, { id: other.id, i: { name: 'Invoices' } }, alice.token)).data.updateFunction.name).toBe('Invoices');

    // The seed API refuses a twin with the REST error shape.
    const rest = await server.http('POST', '/api/v1/functions/', { token: alice.token, body: { name: 'ORDERS', runtime: 'javascript', code: 'exports.handler = () => 1' } });
    expect(rest.status).toBe(409);
    expect(rest.body.error.code).toBe('CONFLICT');
  });

  it('stay unique when the same name is created several times at once: one wins, the others are CONFLICT', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => server.gql(CREATE, { i: input('racer') }, alice.token)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(code)).toEqual(Array(5).fill('CONFLICT'));
  });

  it('find a function by id, by name (any case) or by ARN, with the qualifier it carries; never another owner’s', async () => {
    const created = (await server.gql(CREATE, { i: input('lookup') }, alice.token)).data.createFunction;
    const viewer: Viewer = { id: alice.id, email: alice.email, role: 'USER', via: 'jwt' };
    const functions = server.app.services.functions;
    expect((await functions.findByNameOrId(viewer, created.id)).fn.id).toBe(created.id);
    expect((await functions.findByNameOrId(viewer, 'LOOKUP')).fn.id).toBe(created.id);
    expect(await functions.findByNameOrId(viewer, 'arn:aws:lambda:us-east-1:123456789012:function:lookup:live')).toMatchObject({ fn: { id: created.id }, qualifier: 'live' });
    expect(await functions.findByNameOrId(viewer, 'arn:aws:lambda:us-east-1:123456789012:function:lookup')).toEqual({ fn: expect.objectContaining({ id: created.id }) });
    expect(await functions.findByNameOrId(viewer, 'lookup:3')).toMatchObject({ fn: { id: created.id }, qualifier: '3' });
    const asBob: Viewer = { id: bob.id, email: bob.email, role: 'USER', via: 'jwt' };
    await expect(functions.findByNameOrId(asBob, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(functions.findByNameOrId(asBob, 'lookup')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
