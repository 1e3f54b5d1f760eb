/** OOM events as a second source of truth for OOM kills, without Docker: a fake event stream. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ContainerEngine, EngineEvent } from '../../server/executor/container.engine.js';
import { EngineEvents } from '../../server/executor/engine.events.js';

function fakeEngine() {
  const subscriptions: { onEvent: (e: EngineEvent) => void; onEnd?: () => void; stopped: boolean }[] = [];
  const engine = {
    async events(_labels: Record<string, string>, onEvent: (e: EngineEvent) => void, onEnd?: () => void) {
      const sub = { onEvent, onEnd, stopped: false };
      subscriptions.push(sub);
      return () => void (sub.stopped = true);
    },
  } as unknown as ContainerEngine;
  const emit = (id: string, action: string) => subscriptions.at(-1)!.onEvent({ id, action, labels: {} });
  return { engine, subscriptions, emit };
}

const logger = pino({ level: 'silent' });

describe('EngineEvents', () => {
  it('answers at once for an OOM already seen, waits briefly for one about to come, and gives up after', async () => {
    const { engine, emit } = fakeEngine();
    const events = new EngineEvents(engine, { 'fnbox.instance': 'x' }, logger);
    await events.start();
    emit('a', 'oom');
    emit('b', 'die');
    expect(await events.oomKilled('a', 10_000)).toBe(true);
    const waiting = events.oomKilled('c', 10_000);
    setTimeout(() => emit('c', 'oom'), 20);
    expect(await waiting).toBe(true);
    expect(await events.oomKilled('b', 30)).toBe(false);
    events.stop();
  });

  it('subscribes again when the stream ends (the engine went away), and stops for good on stop()', async () => {
    const { engine, subscriptions, emit } = fakeEngine();
    const events = new EngineEvents(engine, {}, logger);
    await events.start();
    subscriptions[0].onEnd?.();
    const deadline = Date.now() + 5_000;
    while (subscriptions.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(subscriptions).toHaveLength(2);
    emit('d', 'oom');
    expect(await events.oomKilled('d', 10)).toBe(true);
    events.stop();
    expect(subscriptions[1].stopped).toBe(true);
  });
});
