import { describe, expect, it } from 'vitest';
import { CoalescingThrottle, type Clock } from './throttle';

/** A clock that only moves when told to. */
function manualClock() {
  let now = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.callback();
    }
    now = end;
  };
  return { clock, advance, pendingTimers: () => timers.length };
}

describe('CoalescingThrottle', () => {
  it('delivers the first value at once and coalesces a burst into one trailing delivery of the latest value', () => {
    const { clock, advance } = manualClock();
    const delivered: [number, number][] = [];
    const throttle = new CoalescingThrottle<number>(50, (v) => delivered.push([clock.now(), v]), undefined, clock);
    throttle.push(1);
    for (let i = 2; i <= 10; i++) {
      advance(3);
      throttle.push(i);
    }
    expect(delivered).toEqual([[0, 1]]);
    advance(50);
    expect(delivered).toEqual([
      [0, 1],
      [50, 10],
    ]);
  });

  it('never delivers more than once per interval under a steady stream (20 per second at 50 ms)', () => {
    const { clock, advance } = manualClock();
    const times: number[] = [];
    const throttle = new CoalescingThrottle<number>(50, () => times.push(clock.now()), undefined, clock);
    for (let t = 0; t < 1000; t++) {
      throttle.push(t);
      advance(1);
    }
    advance(100);
    expect(times.length).toBe(21);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(50);
  });

  it('merges waiting values with the merge function', () => {
    const { clock, advance } = manualClock();
    const delivered: string[][] = [];
    const throttle = new CoalescingThrottle<string[]>(
      250,
      (v) => delivered.push(v),
      (a, b) => [...a, ...b],
      clock,
    );
    throttle.push(['a']);
    throttle.push(['b']);
    throttle.push(['c']);
    advance(250);
    expect(delivered).toEqual([['a'], ['b', 'c']]);
  });

  it('flush delivers the waiting value immediately and cancel drops it', () => {
    const { clock, advance, pendingTimers } = manualClock();
    const delivered: number[] = [];
    const throttle = new CoalescingThrottle<number>(50, (v) => delivered.push(v), undefined, clock);
    throttle.push(1);
    throttle.push(2);
    throttle.flush();
    expect(delivered).toEqual([1, 2]);
    expect(pendingTimers()).toBe(0);
    throttle.push(3);
    throttle.cancel();
    advance(200);
    expect(delivered).toEqual([1, 2]);
    throttle.flush();
    expect(delivered).toEqual([1, 2]);
  });
});
