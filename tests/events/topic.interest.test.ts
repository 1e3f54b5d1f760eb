import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../server/events/event.bus.js';
import { connectRedisEvents, type RedisEvents } from '../../server/events/redis.events.js';
import { REDIS_URL, redisAvailable, testRedisPrefix } from '../support/redis.js';

// Nodes publish an event to Redis only when some node listens to its topic: the invocation
// events of every call went out to no one when nobody watched.

const available = await redisAvailable();
const logger = pino({ level: 'silent' });
const opened: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((x) => x.close()));
});

/** A node's bus on `prefix`; answers to its question are awaited 200 ms, not 2 s. */
async function node(prefix: string) {
  const redis = await connectRedisEvents(REDIS_URL, logger, prefix, 200);
  opened.push(redis);
  return { redis, bus: createEventBus({ eventTarget: redis.eventTarget }) };
}

/** The messages Redis carries on `prefix`'s channels, as a third party sees them. */
async function wire(prefix: string) {
  const spy = new Redis(REDIS_URL);
  opened.push({ close: () => void spy.disconnect() });
  const seen: string[] = [];
  spy.on('pmessage', (_pattern: string, channel: string) => seen.push(channel.slice(prefix.length)));
  await spy.psubscribe(`${prefix}*`);
  return seen;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

const access = (userId: string) => ({ userId, origin: 'test' });

describe.skipIf(!available)('bus topics published only when some node listens', () => {
  it('publishes a topic while another node listens to it, and stops when it no longer does', async () => {
    const prefix = testRedisPrefix();
    const seen = await wire(prefix);
    const listener = await node(prefix);
    const publisher = await node(prefix);
    const heard: string[] = [];
    const stop = listener.bus.listen('access', (change) => heard.push(change.userId));
    await until(() => publisher.redis.publishes('access'));
    publisher.bus.publish('access', access('first'));
    await until(() => heard.includes('first'));

    stop();
    await until(() => !publisher.redis.publishes('access'));
    // A topic nobody listens to is not written; one that is heard, after it, is: had the first
    // gone out, the spy would have it before the second (one connection, Redis keeps the order).
    const marker = listener.bus.listen('quota', () => undefined);
    await until(() => publisher.redis.publishes('quota'));
    seen.length = 0;
    publisher.bus.publish('access', access('unheard'));
    publisher.bus.publish('quota', { userId: 'u', row: null, origin: 'test' } as never);
    await until(() => seen.includes('quota'));
    expect(seen).not.toContain('access');
    expect(heard).toEqual(['first']);
    marker();
  });

  it('publishes to a node that starts listening later, and to its own listeners', async () => {
    const prefix = testRedisPrefix();
    const publisher = await node(prefix);
    await until(() => !publisher.redis.publishes('access'));
    const late = await node(prefix);
    const heard: string[] = [];
    late.bus.listen('access', (change) => heard.push(change.userId));
    await until(() => publisher.redis.publishes('access'));
    publisher.bus.publish('access', access('late'));
    await until(() => heard.includes('late'));

    const own: string[] = [];
    publisher.bus.listen('access', (change) => own.push(change.userId));
    expect(publisher.redis.publishes('access')).toBe(true);
    publisher.bus.publish('access', access('own'));
    await until(() => own.includes('own'));
  });

  it('a node that just started publishes everything until the others have answered', async () => {
    const prefix = testRedisPrefix();
    const listener = await node(prefix);
    const heard: string[] = [];
    listener.bus.listen('access', (change) => heard.push(change.userId));
    // With the default wait for answers, the first event of a new node goes out at once.
    const starting = await connectRedisEvents(REDIS_URL, logger, prefix);
    opened.push(starting);
    expect(starting.publishes('invocation')).toBe(true);
    createEventBus({ eventTarget: starting.eventTarget }).publish('access', access('early'));
    await until(() => heard.includes('early'));
  });

  it("once a node's interest is heard everywhere, every other node publishes to it: no event published after that point is missed", async () => {
    const prefix = testRedisPrefix();
    const [listener, first, second] = [await node(prefix), await node(prefix), await node(prefix)];
    // Past the start-up window (200 ms here) in which a new node publishes everything.
    await until(() => !first.redis.publishes('access') && !second.redis.publishes('access'));
    for (let round = 0; round < 20; round++) {
      const heard: string[] = [];
      const stop = listener.bus.listen('access', (change) => heard.push(change.userId));
      await listener.redis.heardEverywhere();
      // Not "eventually": the acknowledgements came after each node applied the change.
      expect([first.redis.publishes('access'), second.redis.publishes('access')]).toEqual([true, true]);
      first.bus.publish('access', access(`first-${round}`));
      second.bus.publish('access', access(`second-${round}`));
      await until(() => heard.length === 2);
      stop();
      await listener.redis.heardEverywhere();
      expect([first.redis.publishes('access'), second.redis.publishes('access')]).toEqual([false, false]);
    }
  });

  it('a subscriber of the control channel that never acknowledges holds a change up for the answer grace only', async () => {
    const prefix = testRedisPrefix();
    const silent = new Redis(REDIS_URL);
    opened.push({ close: () => void silent.disconnect() });
    await silent.subscribe(`${prefix}_interest`);
    const listener = await node(prefix);
    listener.bus.listen('access', () => undefined);
    // Resolves (after the 200 ms grace here) although one receiver never answered.
    await listener.redis.heardEverywhere();
  });
});
