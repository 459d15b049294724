// Rate limiting for streams to the renderer: deliver at most one value per interval, the first at once
// and later ones coalesced into the next slot, so the UI always ends up with the latest state.

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class CoalescingThrottle<T> {
  private lastDelivery = -Infinity;
  private pending: { value: T } | null = null;
  private timer: unknown = null;

  constructor(
    private readonly intervalMs: number,
    private readonly deliver: (value: T) => void,
    /** Combines a waiting value with a newer one; by default the newer one wins. */
    private readonly merge: (waiting: T, next: T) => T = (_waiting, next) => next,
    private readonly clock: Clock = systemClock,
  ) {}

  push(value: T): void {
    this.pending = { value: this.pending ? this.merge(this.pending.value, value) : value };
    if (this.timer !== null) return;
    const wait = this.lastDelivery + this.intervalMs - this.clock.now();
    if (wait <= 0) this.flush();
    else
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
  }

  /** Delivers the waiting value now (before a state change, so the last progress is never lost). */
  flush(): void {
    this.cancelTimer();
    if (!this.pending) return;
    const { value } = this.pending;
    this.pending = null;
    this.lastDelivery = this.clock.now();
    this.deliver(value);
  }

  /** Drops the waiting value. */
  cancel(): void {
    this.cancelTimer();
    this.pending = null;
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Stream limits from the desktop-shell issue. */
export const STREAM_INTERVAL_MS = { progress: 1000 / 20, featureMaps: 1000 / 4 } as const;
