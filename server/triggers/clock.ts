/**
 * The time schedules and the async queue go by. The server uses the system clock; tests give
 * a manual one (AppOptions.clock) and advance it, so a schedule's minutes pass at once.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private time = Date.now()) {}

  now(): number {
    return this.time;
  }

  set(time: number): void {
    this.time = time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
