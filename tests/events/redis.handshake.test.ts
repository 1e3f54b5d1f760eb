import { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../server/events/event.bus.js';
import { connectRedisEvents } from '../../server/events/redis.events.js';
import { REDIS_URL, redisAvailable, testRedisPrefix } from '../support/redis.js';

// A node subscribes as its services start, which may be while its Redis connection is still
// handshaking. Those subscriptions must hold: they once vanished in a reconnect after the
// refused ready check, and the node never heard another node's events (tests/cluster/two-nodes).

const available = await redisAvailable();
const logger = pino({ level: 'silent' });

describe.skipIf(!available)('Redis subscriptions made during the connection handshake', () => {
  it('are in place once connected, and events arrive', async () => {
    const prefix = testRedisPrefix();
    const events = await connectRedisEvents(REDIS_URL, logger, prefix);
    const publisher = await connectRedisEvents(REDIS_URL, logger, prefix);
    const probe = new Redis(REDIS_URL);
    try {
      // A topic more on every turn of the event loop until the node's connections are up: some
      // of these subscriptions are made while the subscribing connection is handshaking.
      const topics: string[] = [];
      const noop = () => undefined;
      while (events.commands.status !== 'ready' || topics.length < 20) {
        topics.push(`t${topics.length}`);
        events.eventTarget.addEventListener(topics.at(-1)!, noop);
        await new Promise((r) => setImmediate(r));
      }
      const heard: string[] = [];
      createEventBus({ eventTarget: events.eventTarget }).listen('access', (change) => heard.push(change.userId));
      const subscribed = async () => (await probe.pubsub('NUMSUB', ...topics.map((t) => prefix + t))).filter((_, i) => i % 2 === 1).map(Number);
      for (let i = 0; i < 100 && (await subscribed()).includes(0); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await subscribed()).toEqual(topics.map(() => 1));
      const bus = createEventBus({ eventTarget: publisher.eventTarget });
      for (let i = 0; i < 50 && heard.length === 0; i++) {
        bus.publish('access', { userId: `u${i}`, origin: 'test' });
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(heard.length).toBeGreaterThan(0);
    } finally {
      probe.disconnect();
      await Promise.all([events.close(), publisher.close()]);
    }
  });
});
