/**
 * Time source for everything that waits or measures: retries, token buckets, circuit breakers,
 * token caches. Injected so tests can run on a fake clock instead of real seconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface FakeClock extends Clock {
  /** Moves time forward, resolving every sleeper whose deadline has passed, in deadline order. */
  advance(ms: number): Promise<void>;
  set(epochMs: number): void;
  /** Number of pending sleepers (lets a test wait until code under test is blocked). */
  pendingSleeps(): number;
  /** Every `sleep` duration requested so far, in order. */
  readonly sleeps: number[];
}

/**
 * A clock that only moves when told. With `autoAdvance`, `sleep` advances time by the requested
 * amount and resolves at once, so code that backs off runs instantly while `now()` still sees the
 * time pass (used by retry and throttle tests).
 */
export function createFakeClock(startMs = Date.UTC(2024, 4, 1), options: { autoAdvance?: boolean } = {}): FakeClock {
  let current = startMs;
  const sleepers: { at: number; resolve: () => void }[] = [];
  const sleeps: number[] = [];
  const clock: FakeClock = {
    sleeps,
    now: () => current,
    sleep(ms) {
      const wait = Math.max(0, ms);
      sleeps.push(wait);
      if (options.autoAdvance) {
        current += wait;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        sleepers.push({ at: current + wait, resolve });
      });
    },
    async advance(ms) {
      const target = current + ms;
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        current = next.at;
        next.resolve();
        // Let the woken task run up to its next await before waking the following one.
        await new Promise((r) => setImmediate(r));
      }
      current = target;
    },
    set(epochMs) {
      current = epochMs;
    },
    pendingSleeps: () => sleepers.length,
  };
  return clock;
}
