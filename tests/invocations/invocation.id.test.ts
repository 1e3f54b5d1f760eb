/** Invocation ids are UUIDs version 7: valid, unique, and in the order they were taken. */
import { expect, it } from 'vitest';
import { newInvocationId } from '../../server/invocations/invocation.id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('is a version 7 UUID that sorts by the millisecond it was taken', () => {
  const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((ms) => newInvocationId(ms));
  for (const id of ids) expect(id).toMatch(UUID_V7);
  expect([...ids].sort()).toEqual(ids);
  expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
});

it('stays unique within one millisecond', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => newInvocationId(1_700_000_000_000)));
  expect(ids.size).toBe(10_000);
});
