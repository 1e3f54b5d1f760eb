import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvocationRow, InvocationStatus } from '../../server/invocations/invocation.table.js';
import { cloneRollup, emptyRollup, mergeInto, observeInto, sanitizeRollup, summarize } from '../../server/metrics/rollup.js';

let n = 0;
function fakeInvocation(status: InvocationStatus, durationMs: number, extra: Partial<InvocationRow> = {}): InvocationRow {
  const finished = 1_800_000_000_000 + n++;
  return {
    id: `inv-${n}`,
    function_id: 'fn-1',
    function_version: 1,
    owner_id: 'user-1',
    trigger: 'GRAPHQL',
    status,
    input: null,
    result: null,
    error: null,
    logs: '',
    logs_truncated: 0,
    cold_start: 0,
    init_ms: null,
    duration_ms: durationMs,
    cpu_ms: null,
    memory_peak_mb: null,
    queued_at: finished - durationMs,
    started_at: finished - durationMs,
    finished_at: finished,
    attempt: 1,
    first_attempt_id: null,
    original_trigger: null,
    dead_lettered: 0,
    node_id: null,
    parent_invocation_id: null,
    call_depth: 0,
    ...extra,
  };
}

const statusArb = fc.constantFrom<InvocationStatus>('SUCCESS', 'ERROR', 'TIMEOUT', 'OOM');
const invocationArb = fc
  .tuple(statusArb, fc.double({ min: 0, max: 60_000, noNaN: true }), fc.boolean(), fc.option(fc.double({ min: 1, max: 512, noNaN: true })))
  .map(([status, ms, cold, mem]) => fakeInvocation(status, ms, { cold_start: cold ? 1 : 0, memory_peak_mb: mem }));

describe('rollups', () => {
  it('count statuses, cold starts and memory exactly', () => {
    const r = emptyRollup();
    observeInto(r, fakeInvocation('SUCCESS', 10, { cold_start: 1, memory_peak_mb: 20 }));
    observeInto(r, fakeInvocation('SUCCESS', 30, { memory_peak_mb: 40 }));
    observeInto(r, fakeInvocation('ERROR', 5));
    observeInto(r, fakeInvocation('TIMEOUT', 200));
    observeInto(r, fakeInvocation('OOM', 50));
    const s = summarize(r);
    expect(s).toMatchObject({ invocations: 5, successes: 2, errors: 1, timeouts: 1, ooms: 1, coldStarts: 1, avgMs: 59, minMs: 5, maxMs: 200, avgMemoryMb: 30, maxMemoryMb: 40 });
    expect(s.errorRate).toBeCloseTo(0.6);
    expect(s.successRate).toBeCloseTo(0.4);
  });

  it('summarise an empty rollup with zero counts and null statistics', () => {
    expect(summarize(emptyRollup())).toMatchObject({ invocations: 0, errorRate: 0, successRate: 0, avgMs: null, p50Ms: null, avgMemoryMb: null, lastInvokedAt: null });
  });

  it('merge like observing everything at once, in any split', () => {
    fc.assert(
      fc.property(fc.array(invocationArb, { maxLength: 60 }), fc.nat(60), (rows, cut) => {
        const whole = emptyRollup();
        rows.forEach((row) => observeInto(whole, row));
        const left = emptyRollup();
        const right = emptyRollup();
        rows.forEach((row, i) => observeInto(i < cut ? left : right, row));
        const merged = mergeInto(cloneRollup(left), right);
        expect(merged.histogram).toEqual(whole.histogram);
        expect({ ...merged, durationSumMs: 0, memorySumMb: 0 }).toEqual({ ...whole, durationSumMs: 0, memorySumMb: 0 });
        expect(merged.durationSumMs).toBeCloseTo(whole.durationSumMs, 6);
        expect(merged.memorySumMb).toBeCloseTo(whole.memorySumMb, 6);
      }),
    );
  });
});

describe('numbers no rollup may hold', () => {
  const allFinite = (summary: object) => Object.values(summary).every((v) => v === null || Number.isFinite(v));

  it('non-finite, negative or impossible reports are not added up', () => {
    const r = emptyRollup();
    for (const memory of [1e308, 1e308, Infinity, NaN, -5, 64]) observeInto(r, fakeInvocation('SUCCESS', 5, { memory_peak_mb: memory }));
    observeInto(r, fakeInvocation('SUCCESS', Infinity));
    observeInto(r, fakeInvocation('SUCCESS', NaN));
    const summary = summarize(r);
    expect(allFinite(summary)).toBe(true);
    expect(summary.invocations).toBe(8);
    expect(summary.maxMemoryMb).toBe(2048); // the largest memory any function can have
    expect(summary.maxMs).toBe(5);
  });

  it('a stored rollup with Infinity or a forged 1e308 reads back finite, and still adds up', () => {
    const stored = emptyRollup();
    observeInto(stored, fakeInvocation('SUCCESS', 5, { memory_peak_mb: 10 }));
    Object.assign(stored, { memorySumMb: Infinity, memoryMaxMb: 1e308, durationMaxMs: NaN, durationSumMs: -Infinity });
    const read = sanitizeRollup(stored);
    expect(read).toMatchObject({ invocations: 1, memoryCount: 0, memorySumMb: 0, memoryMaxMb: null, durationMaxMs: null, durationSumMs: 0 });
    const total = mergeInto(mergeInto(emptyRollup(), read), read);
    observeInto(total, fakeInvocation('SUCCESS', 7, { memory_peak_mb: 20 }));
    expect(allFinite(summarize(total))).toBe(true);
    expect(summarize(total)).toMatchObject({ invocations: 3, avgMemoryMb: 20 });
  });
});

