import { describe, expect, it } from 'vitest';
import type { PoolStats } from '../../server/executor/executor.types.js';
import { PlatformStatsService } from '../../server/metrics/platform-stats.service.js';

const pool: PoolStats = { runtimes: { PYTHON: { warm: 2, busy: 1, stemCells: 1 }, NODE: { warm: 0, busy: 0, stemCells: 1 } }, queued: 3, containers: 5 };

describe('platform stats', () => {
  it('counts finished invocations per second over the last ten full seconds', () => {
    const stats = new PlatformStatsService({ stats: () => pool });
    const t0 = 1_800_000_000_000;
    for (let s = 0; s < 15; s++) for (let i = 0; i < s; i++) stats.recordFinished(t0 + s * 1000 + i);
    // At t0+15s the full seconds 5..14 count: 5+6+...+14 = 95.
    expect(stats.invocationsPerSecond(t0 + 15_000)).toBeCloseTo(9.5);
    // The partial current second is ignored; an idle minute later the rate is 0.
    expect(stats.invocationsPerSecond(t0 + 14_500)).toBeCloseTo((4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13) / 10);
    expect(stats.invocationsPerSecond(t0 + 75_000)).toBe(0);
  });

  it('reports pools and queue depth from the executor', () => {
    const snapshot = new PlatformStatsService({ stats: () => pool }).snapshot(1);
    expect(snapshot).toEqual({
      at: 1,
      runtimes: [
        { runtime: 'PYTHON', warm: 2, busy: 1, stemCells: 1 },
        { runtime: 'NODE', warm: 0, busy: 0, stemCells: 1 },
      ],
      containers: 5,
      queueDepth: 3,
      invocationsPerSecond: 0,
    });
  });
});
