/**
 * Issue 16 item 2: durable async invocations. Failures are retried with backoff up to the
 * function's asyncRetries, each attempt an invocation (trigger RETRY, attempt, first attempt),
 * then dead-lettered with every attempt's error; redrive runs the work again. The route path
 * answers 202, destinations get the outcome, queues are bounded. A manual clock stands in for
 * the minutes of backoff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/triggers/clock.js';
import { EVENT_TOO_OLD } from '../../server/triggers/async.worker.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, gql, until } from '../executor/server.helpers.js';

const BACKOFF = 60_000;
const MAX_AGE = 10 * 60_000;
const clock = new ManualClock(Date.UTC(2026, 0, 1));
let server: TestServer;
let user: { token: string; id: string };

const FAILING = 'def handler(event):\n    raise Exception("boom " + str(event.get("n")))\n';
const ECHO = 'def handler(event):\n    return event\n';
const INVOCATION = 'id status trigger attempt firstAttemptId originalTrigger deadLettered error input';

beforeAll(async () => {
  server = await startTestServer({ async: { retryBackoffMs: BACKOFF, maxEventAgeMs: MAX_AGE, perFunction: 2, perUser: 100, pollMs: 200, maxInFlight: 16, leaseGraceMs: 1000 } }, { clock });
  user = await server.signUp('async');
}, 300_000);
afterAll(() => server?.close());

const worker = () => server.app.services.asyncWorker;
const invocation = async (id: string) => (await gql(server, user.token, `query($id: ID!) { invocation(id: $id) { ${INVOCATION} attempts { ${INVOCATION} } } }`, { id })).data.invocation;
const invokeAsync = async (id: string, input: unknown) => {
  const res = await gql(server, user.token, `mutation($id: ID!, $input: JSON) { invokeFunctionAsync(id: $id, input: $input) { ${INVOCATION} } }`, { id, input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.invokeFunctionAsync;
};
/** The attempts of `firstId`'s work once `count` of them have finished (and no more run). */
async function attemptsWhen(firstId: string, check: (attempts: any[]) => boolean) {
  let attempts: any[] = [];
  await until(async () => check((attempts = (await invocation(firstId)).attempts)), 60_000, 'attempts');
  return attempts;
}
const finished = (a: any) => !['QUEUED', 'RUNNING'].includes(a.status);

describe('durable async invocations', () => {
  it('retry with backoff up to asyncRetries, then dead-letter with every error; redrive runs it again', async () => {
    const fn = await createFunction(server, user.token, { name: 'fails', runtime: 'PYTHON', code: FAILING });
    const first = await invokeAsync(fn, { n: 7 });
    expect(first).toMatchObject({ status: 'QUEUED', trigger: 'GRAPHQL_ASYNC', attempt: 1, deadLettered: false });

    // Attempt 1 fails at once; attempt 2 waits for its backoff (the clock has not moved).
    let attempts = await attemptsWhen(first.id, (a) => a.length === 2 && finished(a[0]));
    expect(attempts[0]).toMatchObject({ status: 'ERROR', attempt: 1, deadLettered: false });
    expect(attempts[1]).toMatchObject({ status: 'QUEUED', trigger: 'RETRY', attempt: 2, firstAttemptId: first.id, originalTrigger: 'GRAPHQL_ASYNC', input: { n: 7 } });
    clock.advance(BACKOFF - 1);
    await worker().wake();
    expect((await invocation(attempts[1].id)).status).toBe('QUEUED'); // not before its backoff

    // Up to 20% jitter: 1.2x the backoff is always enough, and the second waits twice as long.
    clock.advance(BACKOFF * 0.2 + 1);
    await worker().wake();
    attempts = await attemptsWhen(first.id, (a) => a.length === 3 && finished(a[1]));
    clock.advance(BACKOFF * 1.6);
    await worker().wake();
    expect((await invocation(attempts[2].id)).status).toBe('QUEUED');
    clock.advance(BACKOFF * 0.8 + 1);
    await worker().wake();
    attempts = await attemptsWhen(first.id, (a) => a.length === 3 && finished(a[2]));
    expect(attempts.map((a) => [a.attempt, a.status, a.error?.includes('boom 7'), a.deadLettered])).toEqual([
      [1, 'ERROR', true, false],
      [2, 'ERROR', true, false],
      [3, 'ERROR', true, true],
    ]);

    const dead = await gql(server, user.token, `query($f: ID) { deadLetters(functionId: $f) { edges { node { id attempt attempts { error } } } } }`, { f: fn });
    expect(dead.data.deadLetters.edges).toHaveLength(1);
    expect(dead.data.deadLetters.edges[0].node).toMatchObject({ id: attempts[2].id, attempt: 3 });
    expect(dead.data.deadLetters.edges[0].node.attempts).toHaveLength(3);

    // Fixed, then redriven: a new first attempt that succeeds; it leaves the dead letters, once.
    await gql(server, user.token, 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id } }', { id: fn, i: { code: ECHO } });
    const redrive = (id: string) => gql(server, user.token, `mutation($id: ID!) { redriveInvocation(id: $id) { ${INVOCATION} } }`, { id });
    const redriven = await redrive(attempts[2].id);
    expect(redriven.errors).toBeUndefined();
    expect(redriven.data.redriveInvocation).toMatchObject({ status: 'QUEUED', attempt: 1, trigger: 'GRAPHQL_ASYNC', input: { n: 7 } });
    await until(async () => (await invocation(redriven.data.redriveInvocation.id)).status === 'SUCCESS', 60_000, 'redriven run');
    expect((await redrive(attempts[2].id)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await gql(server, user.token, `query($f: ID) { deadLetters(functionId: $f) { edges { node { id } } } }`, { f: fn });
    expect(after.data.deadLetters.edges).toHaveLength(0);

    // Another user sees neither the dead letters nor can redrive them.
    const other = await server.signUp('other');
    expect((await gql(server, other.token, `mutation($id: ID!) { redriveInvocation(id: $id) { id } }`, { id: attempts[0].id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 180_000);

  it('drops work older than the maximum event age (dead-lettered, not run)', async () => {
    const fn = await createFunction(server, user.token, { name: 'old', runtime: 'PYTHON', code: FAILING });
    const first = await invokeAsync(fn, { n: 1 });
    await attemptsWhen(first.id, (a) => a.length === 2 && finished(a[0]));
    clock.advance(MAX_AGE + 1);
    await worker().wake();
    const attempts = await attemptsWhen(first.id, (a) => a.length === 2 && finished(a[1]));
    expect(attempts[1]).toMatchObject({ status: 'ERROR', error: EVENT_TOO_OLD, deadLettered: true });
  }, 120_000);

  it('POST /fn/<route> with X-Fnbox-Invocation-Type: Event answers 202 and runs the call durably', async () => {
    const route = `/async-${process.pid}`;
    await createFunction(server, user.token, { name: 'routed', runtime: 'PYTHON', code: 'def handler(event):\n    return {"got": event["body"]}\n', route });
    const res = await server.http('POST', `/fn${route}`, { token: user.token, body: { a: 1 }, headers: { 'X-Fnbox-Invocation-Type': 'Event' } });
    expect(res.status).toBe(202);
    expect(res.body.invocationId).toEqual(expect.any(String));
    await until(async () => (await invocation(res.body.invocationId))?.status === 'SUCCESS', 60_000, 'routed async call');
    const done = await gql(server, user.token, 'query($id: ID!) { invocation(id: $id) { trigger result } }', { id: res.body.invocationId });
    expect(done.data.invocation).toEqual({ trigger: 'HTTP', result: { got: { a: 1 } } });
  }, 120_000);

  it('sends outcomes to the destinations, only among the same owner\'s functions', async () => {
    const sink = await createFunction(server, user.token, { name: 'sink', runtime: 'PYTHON', code: ECHO });
    const ok = await createFunction(server, user.token, { name: 'ok', runtime: 'PYTHON', code: 'def handler(event):\n    return {"doubled": event["n"] * 2}\n' });
    const bad = await createFunction(server, user.token, { name: 'bad', runtime: 'PYTHON', code: FAILING });
    const set = (id: string, input: Record<string, unknown>) => gql(server, user.token, 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { asyncRetries onSuccessFunctionId onFailureFunctionId } }', { id, i: input });
    expect((await set(ok, { onSuccessFunctionId: sink })).data.updateFunction).toEqual({ asyncRetries: 2, onSuccessFunctionId: sink, onFailureFunctionId: null });
    expect((await set(bad, { onFailureFunctionId: sink, asyncRetries: 0 })).data.updateFunction.asyncRetries).toBe(0);
    expect((await set(bad, { asyncRetries: 6 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const other = await server.signUp('stranger');
    const foreign = await createFunction(server, other.token, { name: 'theirs', runtime: 'PYTHON', code: ECHO });
    expect((await set(ok, { onFailureFunctionId: foreign })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    await invokeAsync(ok, { n: 21 });
    await invokeAsync(bad, { n: 5 });
    const delivered = async (): Promise<any[]> =>
      (await gql(server, user.token, 'query($f: ID) { invocations(functionId: $f) { edges { node { status trigger result } } } }', { f: sink })).data.invocations.edges.map((e: any) => e.node);
    let rows: any[] = [];
    await until(async () => (rows = await delivered()).filter((r) => r.status === 'SUCCESS').length === 2, 60_000, 'two deliveries');
    const outcomes = rows.map((r) => r.result);
    expect(rows.every((r) => r.trigger === 'DESTINATION')).toBe(true);
    expect(outcomes).toContainEqual(expect.objectContaining({ requestContext: expect.objectContaining({ functionId: ok, condition: 'Success' }), requestPayload: { n: 21 }, responsePayload: { doubled: 42 } }));
    expect(outcomes).toContainEqual(
      expect.objectContaining({ requestContext: expect.objectContaining({ functionId: bad, condition: 'RetriesExhausted', approximateInvokeCount: 1 }), requestPayload: { n: 5 }, error: expect.objectContaining({ status: 'ERROR' }) }),
    );
  }, 120_000);

  it('bounds the queue per function: TOO_MANY_REQUESTS past it', async () => {
    const fn = await createFunction(server, user.token, { name: 'slow', runtime: 'PYTHON', code: 'import time\ndef handler(event):\n    time.sleep(2)\n    return 1\n' });
    const replies = await Promise.all([1, 2, 3].map((n) => gql(server, user.token, 'mutation($id: ID!, $i: JSON) { invokeFunctionAsync(id: $id, input: $i) { id } }', { id: fn, i: { n } })));
    expect(replies.filter((r: { errors?: unknown }) => !r.errors)).toHaveLength(2);
    const refused = replies.find((r: { errors?: unknown }) => r.errors)!;
    expect(refused.errors![0]!.extensions?.code).toBe('TOO_MANY_REQUESTS');
  }, 120_000);
});
