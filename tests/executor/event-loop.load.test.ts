/** The event loop's load: busy once it runs most of a sampling period, idle again after. */
import { afterEach, expect, it } from 'vitest';
import { EventLoopLoad } from '../../server/executor/event-loop.load.js';

const load = new EventLoopLoad();
afterEach(() => load.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function spin(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

it('reads busy while the loop is kept running, and idle once it waits again', async () => {
  load.start();
  expect(load.busy()).toBe(false);
  for (let i = 0; i < 12; i++) {
    spin(45);
    await pause(1);
  }
  expect(load.busy()).toBe(true);
  await pause(600);
  expect(load.busy()).toBe(false);
});
