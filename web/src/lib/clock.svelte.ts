/** A shared clock for relative times and live charts; ticks every second while the app runs. */
class Clock {
  now = $state(Date.now());
  constructor() {
    if (typeof window !== 'undefined') setInterval(() => (this.now = Date.now()), 1000);
  }
}

export const clock = new Clock();
