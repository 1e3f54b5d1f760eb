/**
 * Issue 16 item 1: schedules. A manual clock stands in for the minutes between due times:
 * a schedule fires once per due time, once after downtime (not once per missed tick), skips
 * (and counts) a due time while its previous run is still going, and updateSchedule changes
 * only what it is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/triggers/clock.js';
import { parseExpression } from '../../server/triggers/schedule.expression.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, gql, until } from '../executor/server.helpers.js';

const MINUTE = 60_000;
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
let server: TestServer;
let user: { token: string; id: string };

const SCHEDULE = 'id functionId expression timezone input enabled nextRunAt lastRunAt skippedRuns lastSkippedAt';
const ECHO = 'def handler(event):\n    return event\n';

beforeAll(async () => {
  server = await startTestServer({ scheduleTickMs: 60 * MINUTE }, { clock });
  user = await server.signUp('schedules');
}, 300_000);
afterAll(() => server?.close());

const tick = () => server.app.services.scheduleRunner.tick();
const createSchedule = async (functionId: string, input: Record<string, unknown>) => {
  const res = await gql(server, user.token, `mutation($f: ID!, $i: ScheduleInput!) { createSchedule(functionId: $f, input: $i) { ${SCHEDULE} } }`, { f: functionId, i: input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createSchedule;
};
const schedulesOf = async (functionId: string) =>
  (await gql(server, user.token, `query($id: ID!) { function(id: $id) { schedules { ${SCHEDULE} runs { id status trigger input } } } }`, { id: functionId })).data.function.schedules;

async function removeSchedules(functionId: string) {
  for (const s of await schedulesOf(functionId)) await gql(server, user.token, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id: s.id });
}

describe('schedule expressions', () => {
  const at = Date.UTC(2026, 2, 7, 12, 0, 0); // the day before the US spring-forward
  it('parse 5-field cron and rate(1 minute) / rate(5 minutes), in an IANA zone across DST', () => {
    expect(parseExpression('rate(1 minute)', 'UTC', at).next(at)).toBe(at + MINUTE);
    expect(parseExpression('rate(5 minutes)', 'UTC', at).next(at + 7 * MINUTE)).toBe(at + 10 * MINUTE);
    expect(parseExpression('rate(2 hours)', 'UTC', at).next(at)).toBe(at + 2 * 60 * MINUTE);
    // 09:00 New York is 14:00 UTC before the change and 13:00 UTC after it.
    const nine = parseExpression('0 9 * * *', 'America/New_York', at);
    expect(new Date(nine.next(at)!).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(new Date(nine.next(at + 86_400_000)!).toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('refuse what is not 5-field cron or a rate, and unknown zones', async () => {
    const fn = await createFunction(server, user.token, { name: 'refused', runtime: 'PYTHON', code: ECHO });
    for (const input of [{ expression: '* * * * * *' }, { expression: 'rate(0 minutes)' }, { expression: 'rate(5 fortnights)' }, { expression: 'every day' }, { expression: '0 9 * * *', timezone: 'Mars/Olympus' }]) {
      const res = await gql(server, user.token, 'mutation($f: ID!, $i: ScheduleInput!) { createSchedule(functionId: $f, input: $i) { id } }', { f: fn, i: input });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('schedules', () => {
  it('fire once per due time, with their input, as SCHEDULE invocations; once after downtime', async () => {
    const fn = await createFunction(server, user.token, { name: 'ticker', runtime: 'PYTHON', code: ECHO });
    const schedule = await createSchedule(fn, { expression: 'rate(1 minute)', input: { hello: 'world' } });
    expect(schedule).toMatchObject({ enabled: true, timezone: 'UTC', lastRunAt: null, skippedRuns: 0, input: { hello: 'world' } });
    expect(Date.parse(schedule.nextRunAt)).toBe(clock.now() + MINUTE);

    expect((await tick()).fired).toBe(0); // not due yet
    clock.advance(MINUTE);
    expect((await tick()).fired).toBe(1);
    expect((await tick()).fired).toBe(0); // the same due time never fires twice
    let [s] = await schedulesOf(fn);
    expect(Date.parse(s.lastRunAt)).toBe(clock.now());
    expect(Date.parse(s.nextRunAt)).toBe(clock.now() + MINUTE);
    await until(async () => (await schedulesOf(fn))[0].runs[0]?.status === 'SUCCESS', 60_000, 'first run');
    expect((await schedulesOf(fn))[0].runs[0]).toMatchObject({ trigger: 'SCHEDULE', input: { hello: 'world' } });

    // Down for ten minutes: one run for the latest missed due time, then the next future one.
    clock.advance(10 * MINUTE + 30_000);
    expect(await tick()).toEqual({ fired: 1, skipped: 0 });
    [s] = await schedulesOf(fn);
    expect(Date.parse(s.lastRunAt)).toBe(clock.now() - 30_000);
    expect(Date.parse(s.nextRunAt)).toBe(clock.now() + 30_000);
    await until(async () => (await schedulesOf(fn))[0].runs.length === 2 && (await schedulesOf(fn))[0].runs.every((r: any) => r.status === 'SUCCESS'), 60_000, 'second run');
    await removeSchedules(fn); // the tests share a server and a clock: tick() counts every schedule
  }, 120_000);

  it('skip a due time while the previous run is still going, and count it', async () => {
    const fn = await createFunction(server, user.token, { name: 'slow', runtime: 'PYTHON', code: 'import time\ndef handler(event):\n    time.sleep(4)\n    return 1\n' });
    await createSchedule(fn, { expression: '* * * * *' });
    clock.advance(MINUTE);
    expect((await tick()).fired).toBe(1);
    await until(async () => (await schedulesOf(fn))[0].runs[0]?.status === 'RUNNING', 60_000, 'run started');
    clock.advance(MINUTE);
    expect(await tick()).toEqual({ fired: 0, skipped: 1 });
    const [s] = await schedulesOf(fn);
    expect(s.skippedRuns).toBe(1);
    expect(Date.parse(s.lastSkippedAt)).toBe(Math.floor(clock.now() / MINUTE) * MINUTE);
    expect(s.runs).toHaveLength(1);
    await until(async () => (await schedulesOf(fn))[0].runs[0]?.status === 'SUCCESS', 60_000, 'run finished');
    clock.advance(MINUTE);
    expect((await tick()).fired).toBe(1); // free again
    await removeSchedules(fn);
  }, 120_000);

  it('updateSchedule changes only the fields given; disabled schedules do not fire; deleteSchedule removes', async () => {
    const fn = await createFunction(server, user.token, { name: 'edited', runtime: 'PYTHON', code: ECHO });
    const created = await createSchedule(fn, { expression: '0 9 * * *', timezone: 'Europe/Berlin', input: { a: 1 } });
    const update = (input: Record<string, unknown>) => gql(server, user.token, `mutation($id: ID!, $i: ScheduleUpdateInput!) { updateSchedule(id: $id, input: $i) { ${SCHEDULE} } }`, { id: created.id, i: input });
    const disabled = (await update({ enabled: false })).data.updateSchedule;
    expect(disabled).toMatchObject({ expression: '0 9 * * *', timezone: 'Europe/Berlin', input: { a: 1 }, enabled: false, nextRunAt: null });
    clock.advance(2 * 86_400_000);
    await tick();
    expect((await schedulesOf(fn))[0].runs).toHaveLength(0);
    const retimed = (await update({ expression: 'rate(5 minutes)', enabled: true })).data.updateSchedule;
    expect(retimed).toMatchObject({ expression: 'rate(5 minutes)', timezone: 'Europe/Berlin', input: { a: 1 }, enabled: true });
    expect(Date.parse(retimed.nextRunAt)).toBeGreaterThan(clock.now());
    expect((await update({ input: { b: 2 } })).data.updateSchedule).toMatchObject({ input: { b: 2 }, nextRunAt: retimed.nextRunAt });

    const other = await server.signUp('other');
    // Another user can neither change, delete nor schedule the function: the ids are NOT_FOUND.
    const foreign = await gql(server, other.token, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id: created.id });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignUpdate = await gql(server, other.token, 'mutation($id: ID!) { updateSchedule(id: $id, input: { enabled: false }) { id } }', { id: created.id });
    expect(foreignUpdate.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const foreignCreate = await gql(server, other.token, 'mutation($f: ID!) { createSchedule(functionId: $f, input: { expression: "rate(1 minute)" }) { id } }', { f: fn });
    expect(foreignCreate.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await schedulesOf(fn))[0]).toMatchObject({ enabled: true });
    expect((await gql(server, user.token, 'mutation($id: ID!) { deleteSchedule(id: $id) }', { id: created.id })).data.deleteSchedule).toBe(true);
    expect(await schedulesOf(fn)).toEqual([]);
  }, 120_000);
});
