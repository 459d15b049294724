import { describe, expect, it } from 'vitest';
import { createRng, restoreRng } from './rng';

describe('rng', () => {
  it('is xoshiro128** (published sequence for state 1, 2, 3, 4: 11520, 0, 5927040, 70819200)', () => {
    const rng = restoreRng({ s: [1, 2, 3, 4], spareNormal: null });
    // uniform() joins two 32-bit outputs: (a >>> 5) · 2^26 + (b >>> 6), over 2^53.
    expect(rng.uniform()).toBe(((11520 >>> 5) * 2 ** 26 + (0 >>> 6)) / 2 ** 53);
    expect(rng.uniform()).toBe(((5927040 >>> 5) * 2 ** 26 + (70819200 >>> 6)) / 2 ** 53);
  });

  it('gives bit-identical sequences for the same seed and different ones otherwise', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return [r.uniform(), r.normal(), r.truncatedNormal(0, 3), r.integer(0, 1000), r.uniformRange(-2, 2), r.normal()];
    };
    expect(draw(1234)).toEqual(draw(1234));
    expect(draw(1234)).not.toEqual(draw(1235));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
    expect(() => createRng(1.5)).toThrow(/integer/);
  });

  it('restores from a saved state mid-sequence, including the spare normal', () => {
    const a = createRng(9);
    a.normal();
    const state = a.state();
    const b = restoreRng(state);
    expect([b.normal(), b.uniform(), b.normal()]).toEqual([a.normal(), a.uniform(), a.normal()]);
  });

  it('has the right moments and ranges', () => {
    const rng = createRng(2024);
    const n = 40000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    let maxAbsTrunc = 0;
    let st2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = rng.normal(1, 2);
      sn += z;
      sn2 += (z - 1) ** 2;
      const t = rng.truncatedNormal();
      maxAbsTrunc = Math.max(maxAbsTrunc, Math.abs(t));
      st2 += t * t;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(1, 1);
    expect(Math.sqrt(sn2 / n)).toBeCloseTo(2, 1);
    expect(maxAbsTrunc).toBeLessThanOrEqual(2);
    // The standard deviation of a unit normal truncated at ±2.
    expect(Math.sqrt(st2 / n)).toBeCloseTo(0.8796, 2);
  });

  it('draws integers in range and shuffles into a permutation', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.integer(-2, 3));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
    const arr = Int32Array.from({ length: 50 }, (_, i) => i);
    createRng(4).shuffle(arr);
    expect(Array.from(arr)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(arr).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const again = createRng(4).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect(again).toEqual(Array.from(arr));
    expect(() => rng.integer(3, 3)).toThrow(/min < maxExclusive/);
  });

  it('forks independent, reproducible streams', () => {
    const a = createRng(5);
    const f1 = a.fork();
    const b = createRng(5);
    const f2 = b.fork();
    expect(f1.uniform()).toBe(f2.uniform());
    expect(a.uniform()).toBe(b.uniform());
    expect(a.fork().uniform()).not.toBe(a.uniform());
  });
});
