import { describe, expect, it } from 'vitest';
import { AccessChanges } from '../../server/auth/access.changes.js';
import type { Viewer } from '../../server/auth/viewer.js';
import { createEventBus } from '../../server/events/event.bus.js';

// The in-memory view of access changes that authorises every live event. Two instances on one
// bus stand for two server replicas on a shared (Redis) bus.

const admin: Viewer = { id: 'u1', email: 'u1@example.test', role: 'ADMIN', via: 'jwt' };
const viaKey: Viewer = { id: 'u2', email: 'u2@example.test', role: 'USER', via: 'api-key', apiKeyId: 'k1' };

describe('AccessChanges', () => {
  it('applies a change on the replica that made it and on the others, each once', () => {
    const bus = createEventBus();
    const here = new AccessChanges(bus);
    const there = new AccessChanges(bus);
    const seen = { here: 0, there: 0 };
    here.onChange(() => seen.here++);
    there.onChange(() => seen.there++);
    expect([here.stillEntitled(admin), there.stillEntitled(admin)]).toEqual([true, true]);
    here.publish({ userId: admin.id, role: 'USER', disabled: false });
    expect([here.stillEntitled(admin), there.stillEntitled(admin)]).toEqual([false, false]);
    expect(seen).toEqual({ here: 1, there: 1 });
    // A viewer resolved after the change (as USER) is entitled again; so is a re-promoted admin.
    expect(there.stillEntitled({ ...admin, role: 'USER' })).toBe(true);
    there.publish({ userId: admin.id, role: 'ADMIN', disabled: false });
    expect(here.stillEntitled(admin)).toBe(true);
  });

  it('revokes one API key and disabled users, not the same user on other credentials', () => {
    const access = new AccessChanges(createEventBus());
    access.publish({ userId: viaKey.id, revokedApiKeyId: 'k1' });
    expect(access.credentialsRevoked(viaKey)).toBe(true);
    expect(access.stillEntitled(viaKey)).toBe(false);
    expect(access.stillEntitled({ ...viaKey, via: 'jwt', apiKeyId: undefined })).toBe(true);
    expect(access.stillEntitled({ ...viaKey, apiKeyId: 'k2' })).toBe(true);
    access.publish({ userId: viaKey.id, role: 'USER', disabled: true });
    expect(access.stillEntitled({ ...viaKey, via: 'jwt', apiKeyId: undefined })).toBe(false);
  });
});
