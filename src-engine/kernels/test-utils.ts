/**
 * Helpers for the numeric tests: TF.js oracle conversion, norm-based relative error, random data and
 * float64 central-difference gradient checks. Test-only: nothing in the engine imports this file.
 */
import * as tf from '@tensorflow/tfjs';
import type { Padding, Pair } from '../ops/ops';
import { createRng, type Rng } from '../core/rng';
import { dispatcher, type FloatArray, type KernelAttrs, type KernelInputs, type KernelName } from './contracts';
import { runGradient } from './gradients';
import { REFERENCE_KERNELS, type FloatTensor } from './reference';
import { sizeOfShape } from './reference/tensor';

export const runReference = dispatcher(REFERENCE_KERNELS);

let tfReady: Promise<boolean> | null = null;
export function useTfCpu(): Promise<boolean> {
  tfReady ??= tf.setBackend('cpu');
  return tfReady;
}

import { relativeError as relErr } from './conformance';

export { relErr };

export interface RandomOptions {
  /** 'normal' (default) or 'uniform' in [low, high). */
  kind?: 'normal' | 'uniform';
  scale?: number;
  low?: number;
  high?: number;
}

export function randomTensor(
  rng: Rng,
  shape: readonly number[],
  dtype: 'float32' | 'float64' = 'float32',
  options: RandomOptions = {},
): FloatTensor {
  const n = sizeOfShape(shape);
  const values = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  const { kind = 'normal', scale = 1, low = 0, high = 1 } = options;
  for (let i = 0; i < n; i++) values[i] = kind === 'normal' ? rng.normal(0, scale) : rng.uniformRange(low, high);
  return { shape: [...shape], values };
}

export function tensorOf(
  shape: readonly number[],
  values: ArrayLike<number>,
  dtype: 'float32' | 'float64' = 'float32',
): FloatTensor {
  return { shape: [...shape], values: dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values) };
}

export function toF64(t: FloatTensor): FloatTensor {
  return { shape: t.shape, values: Float64Array.from(t.values) };
}

export function toTf(t: FloatTensor): tf.Tensor {
  return tf.tensor(Float32Array.from(t.values), [...t.shape], 'float32');
}

export function seeded(seed: number): Rng {
  return createRng(seed);
}

/** L = Σ w·y: a scalar whose gradient with respect to y is the random weight w. */
export function weightedSum(y: tf.Tensor, w: FloatTensor): tf.Scalar {
  return tf.sum(tf.mul(y, toTf(w)));
}

/**
 * Float64 central-difference check of a kernel's gradient definition. Builds L = Σ w·y(inputs) with
 * random w (only over the first output: the others are stop-gradient), then compares the analytic
 * gradient for each input in `wrt` with (L(x + h) − L(x − h)) / 2h. Returns the relative error per input.
 */
export function finiteDifferenceErrors<K extends KernelName>(
  name: K,
  inputs: KernelInputs<K, FloatTensor>,
  attrs: KernelAttrs<K>,
  wrt: readonly number[],
  options: { seed?: number; h?: number } = {},
): number[] {
  const { seed = 7, h = 1e-5 } = options;
  const ins = inputs as readonly (FloatTensor | null)[];
  const outputs = runReference(name, inputs, attrs) as readonly (FloatTensor | null)[];
  const first = outputs[0];
  if (!first) throw new Error(`${name} has no first output`);
  const w = randomTensor(seeded(seed), first.shape, 'float64');
  const loss = (): number => {
    const y = (runReference(name, inputs, attrs) as readonly (FloatTensor | null)[])[0] as FloatTensor;
    let s = 0;
    for (let i = 0; i < y.values.length; i++) s += y.values[i] * w.values[i];
    return s;
  };
  const grads = analyticGradients(name, inputs, attrs, w, wrt);
  return wrt.map((i) => {
    const x = ins[i];
    const g = grads[i];
    if (!x || !(x.values instanceof Float64Array))
      throw new Error(`${name}: input ${i} must be float64 for a finite-difference check`);
    if (!g) throw new Error(`${name}: no gradient for input ${i}`);
    const values: FloatArray = x.values;
    const numeric = new Float64Array(values.length);
    for (let j = 0; j < values.length; j++) {
      const saved = values[j];
      values[j] = saved + h;
      const plus = loss();
      values[j] = saved - h;
      const minus = loss();
      values[j] = saved;
      numeric[j] = (plus - minus) / (2 * h);
    }
    return relErr(g.values, numeric);
  });
}

/** Analytic gradients of L = Σ w·y from the gradient definitions (float32, for TF comparisons). */
export function analyticGradients<K extends KernelName>(
  name: K,
  inputs: KernelInputs<K, FloatTensor>,
  attrs: KernelAttrs<K>,
  w: FloatTensor,
  wrt: readonly number[],
): (FloatTensor | null)[] {
  const outputs = runReference(name, inputs, attrs);
  const needs = (inputs as readonly unknown[]).map((_, i) => wrt.includes(i));
  const dys = (outputs as readonly unknown[]).map((_, i) => (i === 0 ? w : null));
  const grads = runGradient(name, dys, {
    inputs,
    attrs,
    outputs,
    needs,
    run: runReference,
    shapeOf: (x: FloatTensor) => x.shape,
  });
  if (!grads) throw new Error(`${name} has no gradient definition`);
  return grads;
}

export interface TfCase<K extends KernelName> {
  kernel: K;
  inputs: KernelInputs<K, FloatTensor>;
  attrs: KernelAttrs<K>;
  /** The same forward computation written with TF.js ops (the oracle). */
  tf: (xs: tf.Tensor[]) => tf.Tensor;
  /** Inputs whose gradients are compared. */
  wrt: readonly number[];
  seed?: number;
}

/** Relative errors of the forward output and of each gradient in `wrt`, against TF.js (float32). */
export function compareWithTf<K extends KernelName>(c: TfCase<K>): { forward: number; grads: number[] } {
  return tf.tidy(() => {
    const ins = c.inputs as readonly FloatTensor[];
    const ours = (runReference(c.kernel, c.inputs, c.attrs) as readonly FloatTensor[])[0];
    const tfInputs = ins.map((x) => (x ? toTf(x) : x));
    const theirs = c.tf(tfInputs);
    const forward = relErr(ours.values, theirs.dataSync());
    if (theirs.shape.join() !== ours.shape.join())
      throw new Error(`shape ${ours.shape} differs from TF's ${theirs.shape}`);
    if (c.wrt.length === 0) return { forward, grads: [] };
    const w = randomTensor(seeded(c.seed ?? 11), ours.shape);
    const ourGrads = analyticGradients(c.kernel, c.inputs, c.attrs, w, c.wrt);
    const f = (...vs: tf.Tensor[]) => {
      const xs = [...tfInputs];
      c.wrt.forEach((i, k) => (xs[i] = vs[k]));
      return weightedSum(c.tf(xs), w);
    };
    const tfGrads = tf.grads(f)(c.wrt.map((i) => tfInputs[i]));
    const grads = c.wrt.map((i, k) => {
      const g = ourGrads[i];
      if (!g) throw new Error(`${c.kernel}: no gradient for input ${i}`);
      return relErr(g.values, tfGrads[k].dataSync());
    });
    return { forward, grads };
  });
}

/**
 * Average pooling as window sums over real-cell counts. TF.js' own avgPool gradient divides by the full
 * window size even where 'same' padding shortens it (TF's C++ kernel does not), so this composite is
 * the oracle for gradients; the forward is also checked against tf.avgPool.
 */
export function tfAvgPool(x: tf.Tensor, poolSize: Pair, strides: Pair, padding: Padding): tf.Tensor {
  const ones = tf.ones([poolSize[0], poolSize[1], x.shape[3] as number, 1]) as tf.Tensor4D;
  const sums = tf.depthwiseConv2d(x as tf.Tensor4D, ones, [strides[0], strides[1]], padding);
  const counts = tf.depthwiseConv2d(tf.onesLike(x) as tf.Tensor4D, ones, [strides[0], strides[1]], padding);
  return tf.div(sums, counts);
}
