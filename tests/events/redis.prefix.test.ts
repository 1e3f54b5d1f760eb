import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../server/events/event.bus.js';
import { connectRedisEvents } from '../../server/events/redis.events.js';
import { REDIS_URL, redisAvailable, testRedisPrefix } from '../support/redis.js';

// Deployments sharing one Redis (FNBOX_REDIS_PREFIX) never hear each other's events.

const available = await redisAvailable();
const logger = pino({ level: 'silent' });

describe.skipIf(!available)('Redis channels behind the deployment prefix', () => {
  it('delivers an event to the nodes of its deployment only', async () => {
    const prefix = testRedisPrefix();
    const [one, sameDeployment, other] = await Promise.all([
      connectRedisEvents(REDIS_URL, logger, prefix),
      connectRedisEvents(REDIS_URL, logger, prefix),
      connectRedisEvents(REDIS_URL, logger, testRedisPrefix()),
    ]);
    try {
      const heard = { same: [] as string[], other: [] as string[] };
      createEventBus({ eventTarget: sameDeployment.eventTarget }).listen('access', (change) => heard.same.push(change.userId));
      createEventBus({ eventTarget: other.eventTarget }).listen('access', (change) => heard.other.push(change.userId));
      const bus = createEventBus({ eventTarget: one.eventTarget });
      // No acknowledgement of a subscription: publish until the same deployment hears one.
      for (let i = 0; i < 50 && heard.same.length === 0; i++) {
        bus.publish('access', { userId: `u${i}`, origin: 'test' });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(heard.same.length).toBeGreaterThan(0);
      expect(heard.other).toEqual([]);
      // On the wire the channel carries the prefix.
      expect(await one.commands.pubsub('NUMSUB', `${prefix}access`)).toEqual([`${prefix}access`, 1]);
    } finally {
      await Promise.all([one.close(), sameDeployment.close(), other.close()]);
    }
  });
});
