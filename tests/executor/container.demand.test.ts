/**
 * When a call queues for a busy container of its function instead of taking another: only
 * under contention (a busy server, calls slower than the fastest), only while the containers in use cover the demand, only for a short wait.
 * And when one that found no idle container waits for a busy one rather than start another: whenever that wait is short.
 * A fake clock drives it; the executor suites cover the same policy on real containers.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ContainerDemand } from '../../server/executor/container.demand.js';

const KEY = 'fn@1';
let clock = 0;
let busy = true;
let demand: ContainerDemand;
beforeEach(() => {
  clock = 0;
  busy = true;
  demand = new ContainerDemand(20, () => busy, () => clock);
});

/** `n` calls one after another, each occupying its container for `ms`, `gapMs` apart. */
function calls(n: number, ms: number, gapMs = 10) {
  for (let i = 0; i < n; i++) {
    demand.acquired(KEY);
    demand.released(KEY, ms);
    clock += gapMs;
  }
}

/** Three fast calls, then five at 15x the fastest: contended; then one call in a container. */
function contendedWithOneBusy() {
  calls(3, 0.2);
  calls(5, 3);
  demand.acquired(KEY);
}

describe('a call takes another container', () => {
  it('before any warm call of the version was measured', () => {
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
  });

  it('when calls are not contended: another warm container is simply faster', () => {
    calls(10, 0.3);
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
  });

  it('when no container of the version is busy', () => {
    calls(3, 0.2);
    calls(5, 3);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
  });

  it('when the expected wait is longer than the budget: slow functions scale out', () => {
    calls(3, 2);
    calls(10, 30); // contended (30 ms against a fastest of 2), but a wait would be ~30 ms
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
  });

  it('when the containers in use do not cover the call rate', () => {
    // 700 calls in the last second at a fastest occupancy of 0.25 ms: 8 x 0.175, so 2 containers.
    calls(2, 0.25, 0);
    calls(698, 1, 1);
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBe(20);
  });

  it('when the server is not busy: calls that merely vary in length are not contention', () => {
    contendedWithOneBusy();
    busy = false;
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
    busy = true;
    expect(demand.queueFor(KEY, 0)).toBe(20);
  });

  it('when the budget is 0', () => {
    demand = new ContainerDemand(0, () => busy, () => clock);
    contendedWithOneBusy();
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
  });
});

describe('a call queues for a busy container', () => {
  it('under contention, with the demand covered and a short expected wait', () => {
    contendedWithOneBusy(); // calls take 15x the fastest: they are waiting for something
    expect(demand.queueFor(KEY, 0)).toBe(20);
  });

  it('until the calls ahead make the expected wait longer than the budget', () => {
    calls(3, 0.2);
    calls(20, 4);
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 3)).toBe(20); // 4 x 4 ms
    expect(demand.queueFor(KEY, 5)).toBeUndefined(); // 6 x 4 ms
    demand.acquired(KEY); // two busy containers share the queue
    expect(demand.queueFor(KEY, 5)).toBe(20); // 3 x 4 ms
  });
});

describe('a call that found no idle container, before a cold start', () => {
  it('waits for a busy one when that is expected within the budget, contended or not', () => {
    calls(10, 0.3); // not contended: queueFor would not wait
    demand.acquired(KEY);
    expect(demand.queueFor(KEY, 0)).toBeUndefined();
    expect(demand.beforeColdStart(KEY, 0)).toBe(20);
    busy = false;
    expect(demand.beforeColdStart(KEY, 0)).toBe(20);
  });

  it('starts one at once when the calls ahead would make the wait longer than the budget', () => {
    calls(10, 4);
    demand.acquired(KEY);
    expect(demand.beforeColdStart(KEY, 4)).toBe(20); // 5 x 4 ms
    expect(demand.beforeColdStart(KEY, 5)).toBeUndefined(); // 6 x 4 ms
  });

  it('starts one at once for slow functions, unmeasured versions, idle versions and a budget of 0', () => {
    calls(10, 30);
    demand.acquired(KEY);
    expect(demand.beforeColdStart(KEY, 0)).toBeUndefined();
    demand.acquired('new@1');
    expect(demand.beforeColdStart('new@1', 0)).toBeUndefined();
    expect(demand.beforeColdStart('unknown@1', 0)).toBeUndefined();
    demand = new ContainerDemand(0, () => busy, () => clock);
    calls(10, 0.3);
    demand.acquired(KEY);
    expect(demand.beforeColdStart(KEY, 0)).toBeUndefined();
  });

  it('starts one at once when none of the version is busy', () => {
    calls(10, 0.3);
    expect(demand.beforeColdStart(KEY, 0)).toBeUndefined();
  });
});

it('forgets the fastest call after an idle spell, and then takes another container again', () => {
  calls(3, 0.2);
  calls(5, 3);
  clock += 5000;
  demand.acquired(KEY);
  expect(demand.queueFor(KEY, 0)).toBeUndefined();
  demand.released(KEY, 3);
  expect(demand.inUse(KEY)).toBe(0);
});

it('forgets versions nobody called lately, and only those', () => {
  calls(3, 0.2);
  demand.acquired('busy@1');
  clock += 5000;
  demand.forgetIdle();
  expect(demand.size).toBe(1);
  expect(demand.inUse('busy@1')).toBe(1);
});
