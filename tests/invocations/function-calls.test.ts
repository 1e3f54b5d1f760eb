/**
 * Functions that call functions (`context.invoke`): as the function's owner, through the
 * agent's channel, linked to the calling invocation, and depth-limited so loops end. A
 * hostile function may forge any frame on that channel: forged calls are checked and bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let admin: Awaited<ReturnType<TestServer['signUp']>>;
let user: Awaited<ReturnType<TestServer['signUp']>>;
let n = 0;

const CREATE = 'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id name } }';
const INVOKE = 'mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status result error trigger } }';
const GET = 'query($id: ID!) { invocation(id: $id) { id status result error trigger parentInvocationId callDepth } }';

async function create(token: string, runtime: 'PYTHON' | 'NODE', code: string, name = `calls${++n}`) {
  const res = await server.gql(CREATE, { i: { name, runtime, code, timeoutMs: 20_000 } }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createFunction as { id: string; name: string };
}

async function invoke(token: string, id: string, input: unknown = {}) {
  const res = await server.gql(INVOKE, { id, input }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.invokeFunction as { id: string; status: string; result: any; error: string | null; trigger: string };
}

async function invocation(token: string, id: string) {
  const res = await server.gql(GET, { id }, token);
  return res.data?.invocation as { id: string; status: string; result: any; error: string | null; trigger: string; parentInvocationId: string | null; callDepth: number } | null;
}

async function finished(token: string, id: string) {
  for (;;) {
    const row = await invocation(token, id);
    if (row && row.status !== 'QUEUED' && row.status !== 'RUNNING') return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const CALLEE_PY = `def handler(event, context):
    if event.get("fail"):
        raise ValueError("callee says no: " + event["fail"])
    return {"doubled": event["x"] * 2, "me": context.invocation_id}
`;

const CALLERS = {
  PYTHON: (callee: string) => `def handler(event, context):
    if event.get("async"):
        return {"queued": context.invoke(${JSON.stringify(callee)}, {"x": 21}, {"async": True})}
    try:
        return {"answer": context.invoke(${JSON.stringify(callee)}, event["send"]), "me": context.invocation_id}
    except context.InvokeError as err:
        return {"caught": str(err), "status": err.status, "callee": err.invocation_id, "code": err.code}
`,
  NODE: (callee: string) => `exports.handler = async (event, context) => {
  if (event.async) return { queued: await context.invoke(${JSON.stringify(callee)}, { x: 21 }, { async: true }) };
  try {
    return { answer: await context.invoke(${JSON.stringify(callee)}, event.send), me: context.invocationId };
  } catch (err) {
    return { caught: err.message, status: err.status, callee: err.invocationId, code: err.code };
  }
};
`,
};

beforeAll(async () => {
  server = await startTestServer({ calls: { maxDepth: 3 } });
  admin = await server.signUp('calls-admin');
  user = await server.signUp('calls-user');
}, 120_000);
afterAll(() => server?.close());

describe.each(['PYTHON', 'NODE'] as const)('a %s function calling another', (runtime) => {
  it('gets its result (sync), its invocation id (async), and its error, each linked to the caller', async () => {
    const callee = await create(user.token, 'PYTHON', CALLEE_PY);
    const caller = await create(user.token, runtime, CALLERS[runtime](callee.name));

    const sync = await invoke(user.token, caller.id, { send: { x: 21 } });
    expect(sync.status).toBe('SUCCESS');
    expect(sync.result.answer.doubled).toBe(42);
    const child = await finished(user.token, sync.result.answer.me);
    expect(child).toMatchObject({ status: 'SUCCESS', trigger: 'FUNCTION', parentInvocationId: sync.id, callDepth: 1 });

    const queued = await invoke(user.token, caller.id, { async: true });
    expect(queued.status).toBe('SUCCESS');
    const later = await finished(user.token, queued.result.queued);
    expect(later).toMatchObject({ status: 'SUCCESS', trigger: 'FUNCTION', parentInvocationId: queued.id, callDepth: 1 });
    expect(later.result.doubled).toBe(42);

    const failing = await invoke(user.token, caller.id, { send: { fail: 'too odd' } });
    expect(failing.status).toBe('SUCCESS');
    expect(failing.result.caught).toContain('ValueError: callee says no: too odd');
    expect(failing.result.status).toBe('ERROR');
    const failed = await finished(user.token, failing.result.callee);
    expect(failed).toMatchObject({ status: 'ERROR', parentInvocationId: failing.id });

    const missing = await create(user.token, runtime, CALLERS[runtime]('no-such-function'));
    const notFound = await invoke(user.token, missing.id, { send: {} });
    expect(notFound.result).toMatchObject({ caught: 'Function not found', code: 'NOT_FOUND' });
  }, 120_000);
});

it('an uncaught callee error fails the caller with the callee\'s message', async () => {
  const callee = await create(user.token, 'NODE', 'exports.handler = async () => { throw new Error("deep trouble"); };');
  const caller = await create(user.token, 'PYTHON', `def handler(event, context):\n    return context.invoke(${JSON.stringify(callee.id)}, {})\n`);
  const result = await invoke(user.token, caller.id);
  expect(result.status).toBe('ERROR');
  expect(result.error).toContain('InvokeError: Error: deep trouble');
}, 60_000);

it('a callee named with a qualifier runs that version', async () => {
  const callee = await create(user.token, 'NODE', 'exports.handler = async () => "one";');
  const update = await server.gql('mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { version } }', { id: callee.id, i: { code: 'exports.handler = async () => "two";' } }, user.token);
  expect(update.data.updateFunction.version).toBe(2);
  const caller = await create(user.token, 'NODE', `exports.handler = async (event, context) => [await context.invoke(${JSON.stringify(`${callee.name}:1`)}), await context.invoke(${JSON.stringify(callee.name)})];`);
  expect((await invoke(user.token, caller.id)).result).toEqual(['one', 'two']);
}, 60_000);

it('a function calling itself ends at the depth limit with a clear error', async () => {
  const loop = await create(user.token, 'NODE', `exports.handler = async (event, context) => context.invoke(${JSON.stringify('loop-' + process.pid)}, { n: (event.n || 0) + 1 });`, `loop-${process.pid}`);
  const result = await invoke(user.token, loop.id);
  expect(result.status).toBe('ERROR');
  expect(result.error).toContain('Call chain too deep');
  expect(result.error).toContain('FNBOX_INVOKE_MAX_DEPTH=3');
}, 120_000);

describe('calls stay within the owner\'s functions (the attack)', () => {
  it("a user's function cannot call another user's function, by id or by name", async () => {
    const victim = await create(admin.token, 'PYTHON', 'def handler(event, context):\n    return "secret of the admin"\n');
    const byId = await create(user.token, 'PYTHON', CALLERS.PYTHON(victim.id));
    const byName = await create(user.token, 'PYTHON', CALLERS.PYTHON(victim.name));
    for (const attacker of [byId, byName]) {
      const result = await invoke(user.token, attacker.id, { send: {} });
      expect(result.result).toMatchObject({ caught: 'Function not found', code: 'NOT_FOUND' });
    }
  }, 60_000);

  it("an ADMIN's function cannot call another user's function by id either", async () => {
    expect(admin.role).toBe('ADMIN');
    const usersFn = await create(user.token, 'PYTHON', 'def handler(event, context):\n    return "the user\'s"\n');
    const adminsCaller = await create(admin.token, 'NODE', CALLERS.NODE(usersFn.id));
    const result = await invoke(admin.token, adminsCaller.id, { send: {} });
    expect(result.result).toMatchObject({ caught: 'Function not found', code: 'NOT_FOUND' });
  }, 60_000);
});

describe('forged call frames', () => {
  it('bad invocation ids are ignored, bad targets and huge events refused, and the function goes on', async () => {
    const callee = await create(user.token, 'PYTHON', CALLEE_PY);
    const hostile = await create(user.token, 'PYTHON', `import sys
def handler(event, context):
    agent = sys.modules["__main__"]
    agent.send({"t": "call", "id": "someone-elses-call", "callId": 999, "target": ${JSON.stringify(callee.name)}, "event": {"x": 1}})
    agent.send({"t": "call", "id": context.invocation_id, "callId": "not a number", "target": ${JSON.stringify(callee.name)}})
    number = agent.calls.call(context.invocation_id, 12345, {}, False)
    essay = agent.calls.call(context.invocation_id, "f" * 100000, {}, False)
    try:
        context.invoke(${JSON.stringify(callee.name)}, {"x": "y" * 6500000})
        huge = "accepted"
    except context.InvokeError as err:
        huge = err.code
    real = context.invoke(${JSON.stringify(callee.name)}, {"x": 4})
    return {"number": number.get("code"), "essay": essay.get("code"), "huge": huge, "real": real["doubled"], "stray": sorted(agent.calls.answers)}
`);
    const result = await invoke(user.token, hostile.id);
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ number: 'BAD_USER_INPUT', essay: 'BAD_USER_INPUT', huge: 'BAD_USER_INPUT', real: 8, stray: [] });
  }, 60_000);

  it('a flood of call frames cuts the container off; a loop of real calls does not', async () => {
    const callee = await create(user.token, 'NODE', 'exports.handler = async (event) => event.i;');
    const flood = await create(user.token, 'PYTHON', `import sys
def handler(event, context):
    agent = sys.modules["__main__"]
    for i in range(1000):
        agent.send({"t": "call", "id": context.invocation_id, "callId": 100000 + i, "target": ${JSON.stringify(callee.name)}, "event": {"i": i}})
    return "not stopped"
`);
    const cut = await invoke(user.token, flood.id);
    expect(cut.status).toBe('ERROR');
    expect(cut.error).toContain('sent frames faster than any function needs');

    const loop = await create(user.token, 'NODE', `exports.handler = async (event, context) => {
  let sum = 0;
  for (let i = 0; i < 150; i++) sum += await context.invoke(${JSON.stringify(callee.name)}, { i });
  return sum;
};`);
    const fine = await invoke(user.token, loop.id);
    expect(fine).toMatchObject({ status: 'SUCCESS', result: (149 * 150) / 2 });
  }, 120_000);
});

describe('nesting when containers run out', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ executor: { maxContainers: 2, stemCellsPerRuntime: 0 } as never });
  }, 120_000);
  afterAll(() => small?.close());

  it('a callee that finds every container held by its own callers is refused, not left waiting forever', async () => {
    const owner = await small.signUp('calls-small');
    const make = async (name: string, code: string) => {
      const res = await small.gql(CREATE, { i: { name, runtime: 'NODE', code, timeoutMs: 30_000 } }, owner.token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.createFunction.id as string;
    };
    await make('leaf', 'exports.handler = async () => "leaf";');
    await make('middle', 'exports.handler = async (event, context) => context.invoke("leaf", {});');
    const top = await make('top', `exports.handler = async (event, context) => {
  try { return await context.invoke("middle", {}); } catch (err) { return { caught: err.message, status: err.status }; }
};`);
    // top and middle hold both containers while they wait: leaf cannot get one.
    const res = await small.gql(INVOKE, { id: top, input: {} }, owner.token);
    expect(res.data.invokeFunction.status).toBe('SUCCESS');
    expect(res.data.invokeFunction.result).toMatchObject({ status: 'ERROR' });
    expect(res.data.invokeFunction.result.caught).toContain('All 2 function containers are busy');
  }, 120_000);
});
