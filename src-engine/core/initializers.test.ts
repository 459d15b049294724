import { describe, expect, it } from 'vitest';
import { computeFans, initialize, INITIALIZER_NAMES, type InitializerName } from './initializers';
import { createRng } from './rng';

function stats(values: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    s += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / values.length;
  let s2 = 0;
  for (const v of values) s2 += (v - mean) ** 2;
  return { mean, std: Math.sqrt(s2 / values.length), min, max };
}

describe('computeFans (Keras)', () => {
  it('uses the receptive field for conv kernels', () => {
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(computeFans([5, 1, 3, 8])).toEqual({ fanIn: 15, fanOut: 40 });
    expect(computeFans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(computeFans([10])).toEqual({ fanIn: 10, fanOut: 10 });
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
  });
});

describe('initialize', () => {
  const shape = [3, 3, 64, 48];
  const { fanIn, fanOut } = computeFans(shape); // 576, 432
  const expected: Record<InitializerName, { std: number; bound: number }> = {
    glorot_uniform: { std: Math.sqrt(2 / (fanIn + fanOut)), bound: Math.sqrt(6 / (fanIn + fanOut)) },
    glorot_normal: {
      std: Math.sqrt(2 / (fanIn + fanOut)),
      bound: (2 * Math.sqrt(2 / (fanIn + fanOut))) / 0.87962566103423978,
    },
    he_normal: { std: Math.sqrt(2 / fanIn), bound: (2 * Math.sqrt(2 / fanIn)) / 0.87962566103423978 },
    he_uniform: { std: Math.sqrt(2 / fanIn), bound: Math.sqrt(6 / fanIn) },
    lecun_normal: { std: Math.sqrt(1 / fanIn), bound: (2 * Math.sqrt(1 / fanIn)) / 0.87962566103423978 },
    lecun_uniform: { std: Math.sqrt(1 / fanIn), bound: Math.sqrt(3 / fanIn) },
    random_normal: { std: 0.05, bound: Infinity },
    random_uniform: { std: 0.05 / Math.sqrt(3), bound: 0.05 },
    truncated_normal: { std: 0.05 * 0.87962566103423978, bound: 0.1 },
    zeros: { std: 0, bound: 0 },
    ones: { std: 0, bound: 1 },
  };

  it.each(INITIALIZER_NAMES.filter((n) => n !== 'zeros' && n !== 'ones'))(
    '%s has Keras’ variance and limits',
    (name) => {
      const t = initialize(name, shape, createRng(10));
      expect(t.shape).toEqual(shape);
      const s = stats(t.values);
      const e = expected[name];
      // 27,648 draws: the sample std is within ~1% of the truth; the mean within a few standard errors.
      expect(Math.abs(s.std / e.std - 1)).toBeLessThan(0.03);
      expect(Math.abs(s.mean)).toBeLessThan((4 * e.std) / Math.sqrt(t.values.length));
      expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(e.bound * (1 + 1e-6));
      if (Number.isFinite(e.bound)) expect(Math.max(-s.min, s.max)).toBeGreaterThan(e.bound * 0.95);
    },
  );

  it('zeros and ones', () => {
    expect(Array.from(initialize('zeros', [2, 3], createRng(1)).values)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(initialize('ones', [4], createRng(1)).values)).toEqual([1, 1, 1, 1]);
  });

  it('is reproducible from the seed', () => {
    for (const name of INITIALIZER_NAMES) {
      expect(Array.from(initialize(name, [4, 5], createRng(77)).values)).toEqual(
        Array.from(initialize(name, [4, 5], createRng(77)).values),
      );
    }
    expect(Array.from(initialize('he_normal', [4, 5], createRng(77)).values)).not.toEqual(
      Array.from(initialize('he_normal', [4, 5], createRng(78)).values),
    );
    expect(() => initialize('orthogonal' as InitializerName, [2, 2], createRng(1))).toThrow(
      /unknown initializer 'orthogonal'/,
    );
  });
});
