import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobLeaseRepository } from '../../server/cluster/job.lease.repository.js';
import { openTempDatabase, type TempDatabase } from '../support/database.js';
import { postgresAvailable, type TestDialect } from '../support/postgres.js';

// A periodic job (retention) runs on one node at a time: of nodes asking for its lease at once
// exactly one gets it, keeps it while it renews, and another takes it only once it lapsed.

const dialects: TestDialect[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(dialects)('job leases on %s', (dialect) => {
  let store: TempDatabase;
  beforeAll(async () => {
    store = await openTempDatabase('lease', dialect);
  });
  afterAll(() => store?.remove());

  it('goes to exactly one of twelve nodes racing for it, and to another once it lapsed', async () => {
    const leases = new JobLeaseRepository(store.db);
    const now = 1_000_000;
    const holders = Array.from({ length: 12 }, (_, i) => `node-${i}`);
    const won = await Promise.all(holders.map((holder) => leases.acquire('retention', holder, now + 60_000, now)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = holders[won.indexOf(true)]!;

    // The holder renews; the others still cannot take it before it lapses.
    expect(await leases.acquire('retention', winner, now + 120_000, now + 30_000)).toBe(true);
    const other = holders.find((h) => h !== winner)!;
    expect(await leases.acquire('retention', other, now + 150_000, now + 90_000)).toBe(false);
    // The holder stopped renewing: the lease lapses and the next node to ask takes it, alone.
    const later = await Promise.all(holders.filter((h) => h !== winner).map((holder) => leases.acquire('retention', holder, now + 200_000, now + 130_000)));
    expect(later.filter(Boolean)).toHaveLength(1);
    expect(await leases.acquire('retention', winner, now + 200_000, now + 130_000)).toBe(false);
  });

  it('is free again at once when its holder releases it', async () => {
    const leases = new JobLeaseRepository(store.db);
    const now = 5_000_000;
    expect(await leases.acquire('released', 'a', now + 60_000, now)).toBe(true);
    await leases.release('released', 'a');
    expect(await leases.acquire('released', 'b', now + 60_000, now + 1)).toBe(true);
  });
});
