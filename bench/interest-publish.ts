// The publish path's cost when nobody listens (events/topic.interest.ts): what every warm call
// pays twice (its invocation's STARTED and FINISHED) on a cluster node. Run with Redis up:
//   npx tsx bench/interest-publish.ts
import { pino } from 'pino';
import { createEventBus } from '../server/events/event.bus.js';
import { connectRedisEvents } from '../server/events/redis.events.js';

const redis = await connectRedisEvents(process.env.FNBOX_TEST_REDIS_URL || 'redis://127.0.0.1:6379', pino({ level: 'silent' }), `fnbox-bench-${process.pid}:`, 100);
const bus = createEventBus({ eventTarget: redis.eventTarget });
await new Promise((resolve) => setTimeout(resolve, 300)); // past the start-up window
const payload = { type: 'STARTED' as const, invocation: { id: 'x', logs: '' } as never };
const N = 2_000_000;
for (let i = 0; i < 200_000; i++) bus.publish('invocation', payload);
const samples: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) bus.publish('invocation', payload);
  samples.push(Number(process.hrtime.bigint() - start) / N);
}
samples.sort((a, b) => a - b);
console.log(`publish with no listener anywhere: ${samples[2]!.toFixed(1)} ns median of 5 runs (${samples.map((s) => s.toFixed(1)).join(', ')})`);
await redis.close();
