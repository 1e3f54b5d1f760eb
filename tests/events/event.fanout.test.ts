import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../server/events/event.bus.js';
import { EventFanout } from '../../server/events/event.fanout.js';
import { invocationRow } from '../support/database.js';

// Live events leave the publish path at once and reach subscribers later, in slices; a
// subscriber that stops reading is ended, measured by what it left unread, not buffered forever.

const turn = () => new Promise((r) => setImmediate(r));

function setUp() {
  const target = new EventTarget();
  let listeners = 0;
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  target.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => (listeners++, add(...args));
  target.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => (listeners--, remove(...args));
  const events = createEventBus({ eventTarget: target });
  const fanout = new EventFanout(events, 'invocation', ({ invocation }) => invocation.input?.length ?? 0);
  let n = 0;
  const publish = (functionId: string, input: string | null = null) =>
    events.publish('invocation', { type: 'FINISHED', invocation: invocationRow({ id: `i${n++}`, function_id: functionId, input }) });
  return { fanout, publish, listeners: () => listeners };
}

async function read(stream: AsyncIterableIterator<{ invocation: { id: string } }>, into: string[]) {
  for await (const e of stream) into.push(e.invocation.id);
}

describe('EventFanout', () => {
  it('listens once for all subscribers, delivers after publish returns, in order, through each filter', async () => {
    const { fanout, publish, listeners } = setUp();
    const all: string[][] = [];
    const streams = Array.from({ length: 150 }, (_, i) => {
      const stream = fanout.subscribe((e) => i % 2 === 0 || e.invocation.function_id === 'odd');
      all.push([]);
      void read(stream, all[i]!);
      return stream;
    });
    await turn();
    expect(listeners()).toBe(1);
    publish('even');
    publish('odd');
    expect(all.every((ids) => ids.length === 0)).toBe(true); // nothing ran on the publish path
    for (let i = 0; i < 10; i++) await turn();
    all.forEach((ids, i) => expect(ids).toEqual(i % 2 === 0 ? ['i0', 'i1'] : ['i1']));
    await Promise.all(streams.map((s) => s.return?.()));
    expect(listeners()).toBe(0);
  });

  it('ends a subscriber that leaves too many bytes unread, and keeps serving the others', async () => {
    const { fanout, publish } = setUp();
    const stalled = fanout.subscribe(() => true);
    const reader: string[] = [];
    const reading = fanout.subscribe(() => true);
    void read(reading, reader);
    const first = stalled.next(); // subscribed, then never reads again
    await turn();
    const big = 'x'.repeat(4 * 1024 * 1024);
    for (let i = 0; i < 6; i++) publish('f', big);
    for (let i = 0; i < 10; i++) await turn();
    expect(reader).toHaveLength(6);
    expect((await first).value.invocation.id).toBe('i0');
    await expect(async () => {
      for (;;) if ((await stalled.next()).done) return;
    }).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await reading.return?.();
  });
});
