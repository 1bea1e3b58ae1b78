/** A cancellable timer handle of a {@link Clock}. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as the controllers see it: injected so tests advance it by hand instead of sleeping.
 * `now()` is in milliseconds; `setTimer` runs `fn` once after `ms` unless cancelled.
 */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** The {@link Clock} on real time; its timers do not keep the process alive. */
export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
