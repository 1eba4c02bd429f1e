/**
 * The one source of "now" for the runtime: timers are due by it and machines receive it in
 * events. In sandbox mode and in tests it can be moved forward (time travel); never backward.
 */
export class Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** How far this clock runs ahead of the wall clock, in milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
  }

  /** The wall-clock moment at which this clock will read `at` (for the job queue). */
  toWallClock(at: number): Date {
    return new Date(at - this.#offsetMs);
  }
}
