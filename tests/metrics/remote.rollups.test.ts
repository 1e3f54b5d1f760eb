import { describe, expect, it } from 'vitest';
import { RemoteRollups } from '../../server/metrics/remote.rollups.js';
import type { MetricSample } from '../../server/metrics/rollup.js';

// The mirror of other nodes' unwritten samples: a load adds exactly the batches its snapshot of
// the store lacks, written batches leave it, and it stays bounded.

const sample = (functionId: string, finishedAt = 1_000_000): MetricSample => ({
  function_id: functionId,
  owner_id: 'owner',
  status: 'SUCCESS',
  cold_start: 0,
  duration_ms: 5,
  memory_peak_mb: 20,
  finished_at: finishedAt,
});
const totalOf = (remote: RemoteRollups, marks: Map<string, number>) =>
  remote
    .deltasBeyond(marks)
    .filter((d) => d.resolution === 'TOTAL')
    .reduce((sum, d) => sum + d.rollup.invocations, 0);

describe('RemoteRollups', () => {
  it('adds to a load only the batches after the ones its snapshot holds', () => {
    const remote = new RemoteRollups();
    remote.add('b', 1, [sample('f'), sample('f')], 0);
    remote.add('b', 2, [sample('f')], 0);
    remote.add('c', 7, [sample('g')], 0);
    expect(totalOf(remote, new Map())).toBe(4);
    // The snapshot holds b's batch 1: only batch 2 and c's are added.
    expect(totalOf(remote, new Map([['b', 1]]))).toBe(2);
    expect(totalOf(remote, new Map([['b', 2], ['c', 7]]))).toBe(0);
  });

  it('drops written batches, and ignores samples of a batch known written', () => {
    const remote = new RemoteRollups();
    remote.add('b', 1, [sample('f')], 0);
    remote.add('b', 2, [sample('f')], 0);
    remote.markWritten('b', 1, 0);
    expect(remote.size).toBe(1);
    expect(remote.add('b', 1, [sample('f')], 0)).toBe(false);
    expect(remote.size).toBe(1);
  });

  it('forgets batches a node never wrote (it died) after a minute', () => {
    const remote = new RemoteRollups();
    remote.add('dead', 1, [sample('f')], 0);
    remote.add('alive', 1, [sample('f')], 61_000);
    expect(remote.size).toBe(1);
    expect(totalOf(remote, new Map())).toBe(1);
  });
});
