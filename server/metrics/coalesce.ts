import { Repeater } from 'graphql-yoga';

/**
 * Turns a stream of "something changed" triggers into a stream of computed values: the first
 * value at once, then at most one value per `intervalMs` while triggers keep coming (the
 * last trigger in a burst always produces a value, so the final state is never lost).
 * A slow consumer holds back computing: values are computed only when they can be sent.
 */
export function coalesce<T>(triggers: AsyncIterable<unknown>, compute: () => Promise<T>, intervalMs: number): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    const iterator = triggers[Symbol.asyncIterator]();
    let stopped = false;
    let dirty = true;
    let lastEmit = -Infinity;
    let timer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();

    const emit = () => {
      chain = chain.then(async () => {
        if (stopped || !dirty) return;
        dirty = false;
        lastEmit = Date.now();
        try {
          await push(await compute());
        } catch (error) {
          stop(error);
        }
      });
    };
    const schedule = () => {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        emit();
      }, Math.max(0, lastEmit + intervalMs - Date.now()));
    };

    emit();
    void (async () => {
      try {
        while (!stopped) {
          const { done } = await iterator.next();
          if (done) break;
          schedule();
        }
      } catch (error) {
        stop(error);
      }
    })();

    await stop;
    stopped = true;
    if (timer) clearTimeout(timer);
    await iterator.return?.();
  });
}
