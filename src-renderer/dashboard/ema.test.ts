import { describe, expect, it } from 'vitest';
import { emaSmooth, emaStep, EMA_START } from './ema';

describe('emaSmooth (TensorBoard debiased EMA)', () => {
  it('matches the recurrence computed by hand', () => {
    const w = 0.6;
    const v = [1, 0.5, 0.25, 2];
    // biased: b1 = 0.4·1, b2 = 0.6·b1 + 0.4·0.5, …; debiased by 1 − wᵗ
    let b = 0;
    const expected = v.map((x, i) => {
      b = w * b + (1 - w) * x;
      return b / (1 - w ** (i + 1));
    });
    const got = emaSmooth(v, w);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 12));
  });

  it('starts at the first value (no pull towards zero) and leaves a constant series constant', () => {
    expect(emaSmooth([3], 0.9)[0]).toBeCloseTo(3, 12);
    for (const s of emaSmooth([2, 2, 2, 2, 2], 0.95)) expect(s).toBeCloseTo(2, 12);
  });

  it('weight 0 is the identity', () => {
    expect(emaSmooth([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it('skips non-finite points without poisoning later ones', () => {
    const got = emaSmooth([1, NaN, null, Infinity, 1], 0.5);
    expect(got[1]).toBeNull();
    expect(got[2]).toBeNull();
    expect(got[3]).toBeNull();
    expect(got[4]).toBeCloseTo(1, 12);
  });

  it('the streaming step gives the same values as the whole-series smoother', () => {
    const v = [0.9, 0.7, 0.8, 0.4, 0.45, 0.3];
    let state = EMA_START;
    const streamed = v.map((x) => {
      const r = emaStep(state, x, 0.8);
      state = r.state;
      return r.smoothed;
    });
    expect(streamed).toEqual(emaSmooth(v, 0.8));
  });

  it('rejects weights outside [0, 1)', () => {
    expect(() => emaSmooth([1], 1)).toThrow(/\[0, 1\)/);
    expect(() => emaSmooth([1], -0.1)).toThrow();
  });
});
