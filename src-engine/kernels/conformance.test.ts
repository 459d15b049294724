import { describe, expect, it } from 'vitest';
import { checkConformance, CONFORMANCE_CASES, makeCaseInputs, type ConformanceCase } from './conformance';
import { KERNEL_NAMES, type Backend, type KernelImpls, type KernelName } from './contracts';
import { GRADIENTS } from './gradients';
import { referenceBackend, REFERENCE_KERNELS, type FloatTensor } from './reference';
import { finiteDifferenceErrors } from './test-utils';

const DIFFERENTIABLE = KERNEL_NAMES.filter((name) => GRADIENTS[name]);

describe('conformance cases', () => {
  it('cover every kernel, with gradient inputs exactly for the differentiable ones', () => {
    for (const name of KERNEL_NAMES) {
      const cases = CONFORMANCE_CASES[name] as ConformanceCase<KernelName>[];
      expect(cases.length, name).toBeGreaterThan(0);
      const withGrad = cases.filter((c) => c.wrt && c.wrt.length > 0);
      // Long cases (backend parity on long sums) are too large for finite differences and carry no gradient inputs.
      const regular = cases.filter((c) => !c.long);
      expect(regular.length, name).toBeGreaterThan(0);
      if (GRADIENTS[name]) expect(withGrad, name).toEqual(regular);
      else expect(withGrad.length, name).toBe(0);
    }
    expect(DIFFERENTIABLE.length).toBe(22);
  });

  it.each(DIFFERENTIABLE)('%s: gradient definition agrees with float64 central differences', (name) => {
    for (const c of CONFORMANCE_CASES[name] as ConformanceCase<KernelName>[]) {
      const errors = finiteDifferenceErrors(
        name,
        makeCaseInputs(c, 'float64', 3) as never,
        c.attrs as never,
        c.wrt ?? [],
      );
      for (const e of errors) expect(e, `${name} ${c.label}`).toBeLessThan(1e-6);
    }
  });
});

/** The reference computing in float64 behind a float32 interface: an independent precision path. */
function float64Backend(): Backend<FloatTensor> {
  const kernels = {} as Record<KernelName, unknown>;
  const up = (x: FloatTensor | null) => (x ? { shape: x.shape, values: Float64Array.from(x.values) } : null);
  const down = (x: FloatTensor | null) => (x ? { shape: x.shape, values: Float32Array.from(x.values) } : null);
  for (const name of KERNEL_NAMES) {
    const impl = REFERENCE_KERNELS[name] as unknown as (
      inputs: (FloatTensor | null)[],
      attrs: unknown,
    ) => (FloatTensor | null)[];
    kernels[name] = (inputs: (FloatTensor | null)[], attrs: unknown) => impl(inputs.map(up), attrs).map(down);
  }
  return { ...referenceBackend, name: 'reference-f64', kernels: kernels as KernelImpls<FloatTensor> };
}

describe('checkConformance', () => {
  it('finds the float32 reference within 1e-5 of float64 on every kernel', () => {
    const results = checkConformance(float64Backend());
    expect(results.length).toBeGreaterThan(KERNEL_NAMES.length);
    for (const r of results) for (const e of r.errors) expect(e, `${r.kernel} ${r.label}`).toBeLessThan(1e-5);
  });

  it('flags a kernel that is 1% off and one that returns the wrong shape', () => {
    const conv = REFERENCE_KERNELS.Conv2D;
    const broken: KernelImpls<FloatTensor> = {
      ...REFERENCE_KERNELS,
      Conv2D: (inputs, attrs) => {
        const [y] = conv(inputs, attrs);
        return [{ shape: y.shape, values: y.values.map((v) => v * 1.01) }];
      },
      Mean: () => [{ shape: [1], values: new Float32Array(1) }],
    };
    const results = checkConformance({ ...referenceBackend, kernels: broken }, ['Conv2D', 'Mean', 'MatMul']);
    const worst = (k: string) => Math.max(...results.filter((r) => r.kernel === k).flatMap((r) => r.errors));
    expect(worst('Conv2D')).toBeGreaterThan(5e-3);
    expect(worst('Mean')).toBe(Infinity);
    expect(worst('MatMul')).toBe(0);
  });
});
