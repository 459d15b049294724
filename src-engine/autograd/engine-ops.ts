import type { ActivationName } from '../core/activations';
import {
  dispatcher,
  type Backend,
  type FloatArray,
  type KernelAttrs,
  type KernelInputs,
  type KernelName,
  type KernelOutputs,
} from '../kernels/contracts';
import { GRADIENTS } from '../kernels/gradients';
import type { BatchNormTrainResult, Conv2DAttrs, Ops, Pad2DAttrs, Pool2DAttrs } from '../ops/ops';
import type { Rng } from '../core/rng';
import { activeTape } from './tape';

export type Dtype = 'float32' | 'float64';

export interface OpsOptions {
  /** Source of dropout masks; the same seed gives the same masks. Dropout throws without one. */
  rng?: Rng;
  /** Precision of the constants the ops create (dropout masks, default gamma/beta); float64 is for gradient checks. */
  dtype?: Dtype;
}

/** Where a softmax or sigmoid output came from: the losses use the logits, as Keras does (`_keras_logits`). */
export interface LogitsSource<T> {
  activation: 'softmax' | 'sigmoid';
  logits: T;
}

/** `Ops<T>` plus what losses, optimizers and training loops need from the same backend. */
export interface EngineOps<T> extends Ops<T> {
  readonly backend: Backend<T>;
  readonly dtype: Dtype;
  /** Runs a kernel by name, recording it when a gradient computation is active and an input depends on a source. */
  run<K extends KernelName>(name: K, inputs: KernelInputs<K, T>, attrs: KernelAttrs<K>): KernelOutputs<K, T>;
  /** A tensor of this context's precision holding `values`. */
  constant(shape: readonly number[], values: ArrayLike<number>): T;
  /** The tensor's values on the host (do not modify). */
  valuesOf(x: T): FloatArray;
  logitsOf(x: T): LogitsSource<T> | undefined;
}

export function createOps<T extends object>(backend: Backend<T>, options: OpsOptions = {}): EngineOps<T> {
  const dtype = options.dtype ?? 'float32';
  const dispatch = dispatcher(backend.kernels);
  const logits = new WeakMap<T, LogitsSource<T>>();

  const run = <K extends KernelName>(
    name: K,
    inputs: KernelInputs<K, T>,
    attrs: KernelAttrs<K>,
  ): KernelOutputs<K, T> => {
    const outputs = dispatch(name, inputs, attrs);
    const tape = activeTape();
    // Kernels without a gradient (moving averages, optimizer updates) produce constants: nothing to record.
    if (tape && GRADIENTS[name]) {
      tape.record(
        backend as unknown as Backend<object>,
        name,
        inputs as unknown as readonly (object | null)[],
        attrs,
        outputs as unknown as readonly (object | null)[],
      );
    }
    return outputs;
  };
  const one = <K extends KernelName>(name: K, inputs: KernelInputs<K, T>, attrs: KernelAttrs<K>): T =>
    (run(name, inputs, attrs) as unknown as T[])[0];

  const constant = (shape: readonly number[], values: ArrayLike<number>): T =>
    backend.fromValues(shape, dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values));
  const filled = (shape: readonly number[], value: number): T => {
    const n = shape.reduce((a, b) => a * b, 1);
    return backend.fromValues(shape, (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)).fill(value));
  };
  const channels = (x: T): number => {
    const s = backend.shapeOf(x);
    return s[s.length - 1];
  };
  const conv = (attrs: Conv2DAttrs): Conv2DAttrs => ({ strides: attrs.strides, padding: attrs.padding });
  const pool = (attrs: Pool2DAttrs): Pool2DAttrs => ({
    poolSize: attrs.poolSize,
    strides: attrs.strides,
    padding: attrs.padding,
  });

  const reshape = (x: T, shape: readonly number[]): T => {
    const size = backend.shapeOf(x).reduce((a, b) => a * b, 1);
    const unknown = shape.filter((d) => d === -1).length;
    if (unknown > 1) throw new Error(`reshape: at most one dimension may be -1, got [${shape.join(', ')}]`);
    let target = [...shape];
    if (unknown === 1) {
      const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
      if (known === 0 || size % known !== 0)
        throw new Error(`reshape: cannot fit ${size} values into [${shape.join(', ')}]`);
      target = shape.map((d) => (d === -1 ? size / known : d));
    }
    return one('Reshape', [x], { shape: target });
  };

  const variadic = (kind: 'add' | 'multiply', xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error(`${kind}: needs at least one input`);
    if (xs.length === 1) return xs[0];
    return kind === 'add' ? one('AddN', [...xs], {}) : one('Multiply', [...xs], {});
  };

  return {
    backend,
    dtype,
    run,
    constant,
    valuesOf: (x) => backend.toValues(x),
    logitsOf: (x) => logits.get(x),
    shapeOf: (x) => backend.shapeOf(x),

    conv2d: (x, kernel, attrs) => one('Conv2D', [x, kernel], conv(attrs)),
    biasAdd: (x, bias) => one('BiasAdd', [x, bias], {}),
    matMul: (x, kernel) => {
      const shape = backend.shapeOf(x);
      if (shape.length === 2) return one('MatMul', [x, kernel], { transposeA: false, transposeB: false });
      const k = shape[shape.length - 1];
      const flat = reshape(x, [-1, k]);
      const y = one('MatMul', [flat, kernel], { transposeA: false, transposeB: false });
      return reshape(y, [...shape.slice(0, -1), backend.shapeOf(kernel)[1]]);
    },
    maxPool: (x, attrs) => one('MaxPool', [x], pool(attrs)),
    avgPool: (x, attrs) => one('AvgPool', [x], pool(attrs)),
    globalAvgPool: (x) => one('GlobalAvgPool', [x], {}),
    globalMaxPool: (x) => one('GlobalMaxPool', [x], {}),
    pad2d: (x, attrs: Pad2DAttrs) =>
      one('Pad2D', [x], { top: attrs.top, bottom: attrs.bottom, left: attrs.left, right: attrs.right }),
    reshape,

    activation: (x, name: ActivationName) => {
      if (name === 'linear') return x;
      if (name === 'softmax') {
        const y = one('Softmax', [x], {});
        logits.set(y, { activation: 'softmax', logits: x });
        return y;
      }
      const y = one('Activation', [x], { activation: name });
      if (name === 'sigmoid') logits.set(y, { activation: 'sigmoid', logits: x });
      return y;
    },

    dropout: (x, rate) => {
      if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
      if (rate === 0) return x;
      const rng = options.rng;
      if (!rng)
        throw new Error('dropout: this op context has no random generator; create it with { rng: createRng(seed) }');
      const shape = backend.shapeOf(x);
      const n = shape.reduce((a, b) => a * b, 1);
      const mask = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
      const kept = 1 / (1 - rate);
      for (let i = 0; i < n; i++) mask[i] = rng.uniform() >= rate ? kept : 0;
      return one('Multiply', [x, backend.fromValues(shape, mask)], {});
    },

    batchNorm: (x, mean, variance, gamma, beta, epsilon) =>
      one('BatchNorm', [x, mean, variance, gamma ?? filled([channels(x)], 1), beta ?? filled([channels(x)], 0)], {
        epsilon,
      }),

    batchNormTrain: (x, gamma, beta, epsilon): BatchNormTrainResult<T> => {
      const [output, mean, variance] = run(
        'BatchNormTrain',
        [x, gamma ?? filled([channels(x)], 1), beta ?? filled([channels(x)], 0)],
        { epsilon },
      );
      return { output, mean, variance };
    },

    movingAverage: (value, update, momentum) => one('MovingAverage', [value, update], { momentum }),
    scale: (x, factor, offset) => one('Scale', [x], { factor, offset }),
    add: (xs) => variadic('add', xs),
    multiply: (xs) => variadic('multiply', xs),
    concat: (xs, axis) => {
      if (xs.length === 0) throw new Error('concat: needs at least one input');
      const rank = backend.shapeOf(xs[0]).length;
      const a = axis < 0 ? axis + rank : axis;
      if (!Number.isInteger(a) || a < 0 || a >= rank)
        throw new Error(`concat: axis ${axis} is out of range for rank ${rank}`);
      return xs.length === 1 ? xs[0] : one('Concat', [...xs], { axis: a });
    },
  };
}
