import type { KernelAttrs, KernelInputs, KernelName, KernelOutputs, RunKernel } from './contracts';

/**
 * Each differentiable kernel's gradient, written only as calls to other kernels, so any backend that
 * implements the contracts gets the same derivatives. Kernels missing here are not differentiable
 * (the tape treats their outputs as constants).
 */

export interface GradientContext<K extends KernelName, T> {
  readonly inputs: KernelInputs<K, T>;
  readonly attrs: KernelAttrs<K>;
  /** The forward outputs, saved by the tape. */
  readonly outputs: KernelOutputs<K, T>;
  /** needs[i]: whether input i's gradient is wanted; skip the work when it is not. */
  readonly needs: readonly boolean[];
  readonly run: RunKernel<T>;
  readonly shapeOf: (x: T) => readonly number[];
}

/** `dys` holds one gradient per output (null where none flows); returns one gradient per input (null: none). */
export type GradientFn<K extends KernelName> = <T>(
  dys: readonly (T | null)[],
  ctx: GradientContext<K, T>,
) => (T | null)[];

export type GradientTable = { readonly [K in KernelName]?: GradientFn<K> };

function only<T>(dys: readonly (T | null)[]): T {
  const dy = dys[0];
  if (dy === null || dy === undefined) throw new Error('gradient called without an incoming gradient for its output');
  return dy;
}

/** A gradient that is needed gets computed; one that is not is null. */
function when<T>(need: boolean | undefined, f: () => T): T | null {
  return need ? f() : null;
}

export const GRADIENTS: GradientTable = {
  Conv2D: (dys, { inputs: [x, filter], attrs, needs, run, shapeOf }) => {
    const dy = only(dys);
    const { strides, padding } = attrs;
    return [
      when(needs[0], () => run('Conv2DBackpropInput', [dy, filter], { strides, padding, inputShape: shapeOf(x) })[0]),
      when(needs[1], () => run('Conv2DBackpropFilter', [x, dy], { strides, padding, filterShape: shapeOf(filter) })[0]),
    ];
  },

  MatMul: (dys, { inputs: [a, b], attrs: { transposeA, transposeB }, needs, run }) => {
    const dy = only(dys);
    const mm = (p: typeof a, q: typeof a, ta: boolean, tb: boolean) =>
      run('MatMul', [p, q], { transposeA: ta, transposeB: tb })[0];
    if (!transposeA && !transposeB)
      return [when(needs[0], () => mm(dy, b, false, true)), when(needs[1], () => mm(a, dy, true, false))];
    if (!transposeA && transposeB)
      return [when(needs[0], () => mm(dy, b, false, false)), when(needs[1], () => mm(dy, a, true, false))];
    if (transposeA && !transposeB)
      return [when(needs[0], () => mm(b, dy, false, true)), when(needs[1], () => mm(a, dy, false, false))];
    return [when(needs[0], () => mm(b, dy, true, true)), when(needs[1], () => mm(dy, a, true, true))];
  },

  BiasAdd: (dys, { needs, run }) => {
    const dy = only(dys);
    return [dy, when(needs[1], () => run('BiasAddGrad', [dy], {})[0])];
  },

  MaxPool: (dys, { inputs: [x], outputs: [y], attrs, run }) => [run('MaxPoolGrad', [only(dys), x, y], attrs)[0]],

  AvgPool: (dys, { inputs: [x], attrs, run, shapeOf }) => [
    run('AvgPoolGrad', [only(dys)], { ...attrs, inputShape: shapeOf(x) })[0],
  ],

  GlobalAvgPool: (dys, { inputs: [x], run, shapeOf }) => [
    run('GlobalAvgPoolGrad', [only(dys)], { inputShape: shapeOf(x) })[0],
  ],

  GlobalMaxPool: (dys, { inputs: [x], outputs: [y], run }) => [run('GlobalMaxPoolGrad', [only(dys), x, y], {})[0]],

  Pad2D: (dys, { inputs: [x], attrs: { top, left }, run, shapeOf }) => {
    const [n, h, w, c] = shapeOf(x);
    return [run('Slice', [only(dys)], { begin: [0, top, left, 0], size: [n, h, w, c] })[0]];
  },

  Reshape: (dys, { inputs: [x], run, shapeOf }) => [run('Reshape', [only(dys)], { shape: shapeOf(x) })[0]],

  Concat: (dys, { inputs, attrs: { axis }, needs, run, shapeOf }) => {
    const dy = only(dys);
    const dyShape = shapeOf(dy);
    let offset = 0;
    return inputs.map((x, i) => {
      const shape = shapeOf(x);
      const begin = dyShape.map((_, d) => (d === axis ? offset : 0));
      offset += shape[axis];
      return when(needs[i], () => run('Slice', [dy], { begin, size: shape })[0]);
    });
  },

  Activation: (dys, { inputs: [x], outputs: [y], attrs, run }) => [run('ActivationGrad', [only(dys), x, y], attrs)[0]],

  Softmax: (dys, { outputs: [y], run }) => [run('SoftmaxGrad', [only(dys), y], {})[0]],

  Scale: (dys, { attrs: { factor }, run }) => [run('Scale', [only(dys)], { factor, offset: 0 })[0]],

  AddN: (dys, { inputs }) => {
    const dy = only(dys);
    return inputs.map(() => dy);
  },

  Multiply: (dys, { inputs, needs, run }) => {
    const dy = only(dys);
    return inputs.map((_, i) =>
      when(needs[i], () => run('Multiply', [dy, ...inputs.filter((__, j) => j !== i)], {})[0]),
    );
  },

  BatchNorm: (dys, { inputs: [x, mean, variance, gamma], attrs, needs, run }) => {
    const [dx, dgamma, dbeta] = run('BatchNormGrad', [only(dys), x, mean, variance, gamma], attrs);
    return [needs[0] ? dx : null, null, null, needs[3] ? dgamma : null, needs[4] ? dbeta : null];
  },

  BatchNormTrain: (dys, { inputs: [x, gamma], outputs: [, mean, variance], attrs, needs, run }) => {
    // mean and variance feed only the moving averages: they are stop-gradient outputs.
    const dy = dys[0];
    if (dy === null || dy === undefined) return [null, null, null];
    const [dx, dgamma, dbeta] = run('BatchNormTrainGrad', [dy, x, gamma, mean, variance], attrs);
    return [needs[0] ? dx : null, needs[1] ? dgamma : null, needs[2] ? dbeta : null];
  },

  CategoricalCrossentropy: (dys, { inputs: [target, output], attrs, run }) => [
    null,
    run('CategoricalCrossentropyGrad', [only(dys), target, output], attrs)[0],
  ],

  SparseCategoricalCrossentropy: (dys, { inputs: [target, output], attrs, run }) => [
    null,
    run('SparseCategoricalCrossentropyGrad', [only(dys), target, output], attrs)[0],
  ],

  BinaryCrossentropy: (dys, { inputs: [target, output], attrs, run }) => [
    null,
    run('BinaryCrossentropyGrad', [only(dys), target, output], attrs)[0],
  ],

  MeanSquaredError: (dys, { inputs: [target, output], run }) => [
    null,
    run('MeanSquaredErrorGrad', [only(dys), target, output], {})[0],
  ],

  Mean: (dys, { inputs: [x], run, shapeOf }) => [run('MeanGrad', [only(dys)], { inputShape: shapeOf(x) })[0]],
};

/** Runs `name`'s gradient definition, or returns undefined when the kernel is not differentiable. */
export function runGradient<K extends KernelName, T>(
  name: K,
  dys: readonly (T | null)[],
  ctx: GradientContext<K, T>,
): (T | null)[] | undefined {
  const gradient = GRADIENTS[name] as GradientFn<K> | undefined;
  return gradient?.(dys, ctx);
}
