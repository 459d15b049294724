import type { ActivationName } from '../core/activations';
import type { Conv2DAttrs, Pad2DAttrs, Pool2DAttrs } from '../ops/ops';

/**
 * Kernel contracts: every kernel by name with its inputs, attributes and outputs (TF.js style).
 * Backends (the plain-TypeScript reference, gpu.js) implement the same names; gradients.ts defines each
 * differentiable kernel's gradient as calls to other kernels, so every backend shares one set of derivatives.
 *
 * Conventions shared by all backends:
 * - Layout NHWC; conv filters [kernelH, kernelW, inChannels, outChannels]; matrices row-major.
 * - 'same' padding as TF: outLength = ceil(in / stride), padTotal = max((out − 1)·stride + k − in, 0),
 *   padBefore = floor(padTotal / 2). Max-pool never selects padded cells; avg-pool divides by the number of
 *   real cells in the window.
 * - Outputs are new tensors, except the optimizer updates, which may update their inputs in place and
 *   return them (the reference does).
 * - Dropout has no kernel: the op layer draws the mask on the host from its seeded RNG (so every backend
 *   drops the same units) and calls Multiply.
 */

export type FloatArray = Float32Array | Float64Array;

/** Element-wise activations. Softmax mixes the last axis and has its own kernel; 'linear' is no kernel. */
export type ElementwiseActivation = Exclude<ActivationName, 'softmax' | 'linear'>;

export type NoAttrs = Record<string, never>;

export interface ReshapeAttrs {
  /** The full target shape (batch axis included), no −1. */
  shape: readonly number[];
}

export interface SliceAttrs {
  begin: readonly number[];
  size: readonly number[];
}

export interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

export interface ConvBackpropInputAttrs extends Conv2DAttrs {
  inputShape: readonly number[];
}

export interface ConvBackpropFilterAttrs extends Conv2DAttrs {
  filterShape: readonly number[];
}

export interface PoolGradAttrs extends Pool2DAttrs {
  inputShape: readonly number[];
}

export interface InputShapeAttrs {
  inputShape: readonly number[];
}

export interface ActivationAttrs {
  activation: ElementwiseActivation;
}

export interface EpsilonAttrs {
  epsilon: number;
}

export interface CrossentropyAttrs {
  /** True: `output` holds logits. False: probabilities, clipped to [1e-7, 1 − 1e-7] as Keras does. */
  fromLogits: boolean;
}

export interface SGDAttrs {
  learningRate: number;
}

export interface MomentumAttrs {
  learningRate: number;
  momentum: number;
  nesterov: boolean;
}

export interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1-based step count (Keras' iterations + 1), for the bias correction. */
  step: number;
}

export interface RMSpropAttrs {
  learningRate: number;
  rho: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
}

/**
 * Kernel signatures: inputs and outputs are ordered tuples (the labels name them); variadic kernels take
 * `T[]`. A gradient kernel's first input is the incoming gradient `dy`.
 */
export interface KernelSignatures<T> {
  // Convolution and dense
  Conv2D: { inputs: [x: T, filter: T]; attrs: Conv2DAttrs; outputs: [y: T] };
  Conv2DBackpropInput: { inputs: [dy: T, filter: T]; attrs: ConvBackpropInputAttrs; outputs: [dx: T] };
  Conv2DBackpropFilter: { inputs: [x: T, dy: T]; attrs: ConvBackpropFilterAttrs; outputs: [dfilter: T] };
  /** Rank-2 only: [m, k] × [k, n] → [m, n] after the optional transposes. */
  MatMul: { inputs: [a: T, b: T]; attrs: MatMulAttrs; outputs: [c: T] };
  /** Adds a vector along the last axis. */
  BiasAdd: { inputs: [x: T, bias: T]; attrs: NoAttrs; outputs: [y: T] };
  /** Sums dy over every axis but the last. */
  BiasAddGrad: { inputs: [dy: T]; attrs: NoAttrs; outputs: [dbias: T] };

  // Pooling
  MaxPool: { inputs: [x: T]; attrs: Pool2DAttrs; outputs: [y: T] };
  /** Routes dy to the first maximum of each window (row-major scan), as TF's CPU kernel does. */
  MaxPoolGrad: { inputs: [dy: T, x: T, y: T]; attrs: Pool2DAttrs; outputs: [dx: T] };
  AvgPool: { inputs: [x: T]; attrs: Pool2DAttrs; outputs: [y: T] };
  AvgPoolGrad: { inputs: [dy: T]; attrs: PoolGradAttrs; outputs: [dx: T] };
  /** [N, H, W, C] → [N, C] */
  GlobalAvgPool: { inputs: [x: T]; attrs: NoAttrs; outputs: [y: T] };
  GlobalAvgPoolGrad: { inputs: [dy: T]; attrs: InputShapeAttrs; outputs: [dx: T] };
  /** [N, H, W, C] → [N, C] */
  GlobalMaxPool: { inputs: [x: T]; attrs: NoAttrs; outputs: [y: T] };
  GlobalMaxPoolGrad: { inputs: [dy: T, x: T, y: T]; attrs: NoAttrs; outputs: [dx: T] };

  // Shape
  /** Zero padding of the two spatial axes of an NHWC tensor. */
  Pad2D: { inputs: [x: T]; attrs: Pad2DAttrs; outputs: [y: T] };
  Slice: { inputs: [x: T]; attrs: SliceAttrs; outputs: [y: T] };
  Reshape: { inputs: [x: T]; attrs: ReshapeAttrs; outputs: [y: T] };
  /** Concatenation along a non-negative `axis`. */
  Concat: { inputs: T[]; attrs: { axis: number }; outputs: [y: T] };

  // Element-wise
  Activation: { inputs: [x: T]; attrs: ActivationAttrs; outputs: [y: T] };
  /** dx from dy, the activation's input x and its output y (each activation uses whichever is cheaper). */
  ActivationGrad: { inputs: [dy: T, x: T, y: T]; attrs: ActivationAttrs; outputs: [dx: T] };
  /** Softmax over the last axis. */
  Softmax: { inputs: [logits: T]; attrs: NoAttrs; outputs: [y: T] };
  SoftmaxGrad: { inputs: [dy: T, y: T]; attrs: NoAttrs; outputs: [dx: T] };
  /** x · factor + offset */
  Scale: { inputs: [x: T]; attrs: { factor: number; offset: number }; outputs: [y: T] };
  /** Element-wise sum of same-shape tensors. */
  AddN: { inputs: T[]; attrs: NoAttrs; outputs: [y: T] };
  /** Element-wise product of same-shape tensors. */
  Multiply: { inputs: T[]; attrs: NoAttrs; outputs: [y: T] };

  // Normalisation (channel = last axis; statistics over every other axis)
  /** Inference: (x − mean) / sqrt(variance + ε) · gamma + beta. */
  BatchNorm: { inputs: [x: T, mean: T, variance: T, gamma: T, beta: T]; attrs: EpsilonAttrs; outputs: [y: T] };
  /** Gradients for x, gamma, beta; the moving statistics are constants. */
  BatchNormGrad: {
    inputs: [dy: T, x: T, mean: T, variance: T, gamma: T];
    attrs: EpsilonAttrs;
    outputs: [dx: T, dgamma: T, dbeta: T];
  };
  /**
   * Training: normalises with the batch mean and biased batch variance, and returns them for the moving
   * update (Keras 3 uses the biased variance for both). mean and variance are stop-gradient outputs.
   */
  BatchNormTrain: { inputs: [x: T, gamma: T, beta: T]; attrs: EpsilonAttrs; outputs: [y: T, mean: T, variance: T] };
  BatchNormTrainGrad: {
    inputs: [dy: T, x: T, gamma: T, mean: T, variance: T];
    attrs: EpsilonAttrs;
    outputs: [dx: T, dgamma: T, dbeta: T];
  };
  /** value · momentum + update · (1 − momentum); not differentiable. */
  MovingAverage: { inputs: [value: T, update: T]; attrs: { momentum: number }; outputs: [y: T] };

  // Losses: per-sample values over the last axis, as Keras' loss functions before reduction.
  // Targets are constants (their gradient is not computed).
  CategoricalCrossentropy: { inputs: [target: T, output: T]; attrs: CrossentropyAttrs; outputs: [loss: T] };
  CategoricalCrossentropyGrad: {
    inputs: [dloss: T, target: T, output: T];
    attrs: CrossentropyAttrs;
    outputs: [doutput: T];
  };
  /** target: class indices, shaped as output without its last axis (a trailing axis of 1 is accepted). */
  SparseCategoricalCrossentropy: { inputs: [target: T, output: T]; attrs: CrossentropyAttrs; outputs: [loss: T] };
  SparseCategoricalCrossentropyGrad: {
    inputs: [dloss: T, target: T, output: T];
    attrs: CrossentropyAttrs;
    outputs: [doutput: T];
  };
  /** Element-wise binary crossentropy, averaged over the last axis. */
  BinaryCrossentropy: { inputs: [target: T, output: T]; attrs: CrossentropyAttrs; outputs: [loss: T] };
  BinaryCrossentropyGrad: {
    inputs: [dloss: T, target: T, output: T];
    attrs: CrossentropyAttrs;
    outputs: [doutput: T];
  };
  /** Squared error averaged over the last axis. */
  MeanSquaredError: { inputs: [target: T, output: T]; attrs: NoAttrs; outputs: [loss: T] };
  MeanSquaredErrorGrad: { inputs: [dloss: T, target: T, output: T]; attrs: NoAttrs; outputs: [doutput: T] };
  /** Mean of every element → a scalar (shape []): Keras' 'sum_over_batch_size' reduction. */
  Mean: { inputs: [x: T]; attrs: NoAttrs; outputs: [y: T] };
  MeanGrad: { inputs: [dy: T]; attrs: InputShapeAttrs; outputs: [dx: T] };

  // Optimizer updates (Keras 3 formulas); not differentiable.
  /** variable −= lr · grad */
  SGDUpdate: { inputs: [variable: T, grad: T]; attrs: SGDAttrs; outputs: [variable: T] };
  /** m = momentum·m − lr·g; variable += m (nesterov: variable += momentum·m − lr·g). */
  MomentumUpdate: {
    inputs: [variable: T, velocity: T, grad: T];
    attrs: MomentumAttrs;
    outputs: [variable: T, velocity: T];
  };
  /** m += (g − m)(1 − β1); v += (g² − v)(1 − β2); variable −= α·m / (sqrt(v) + ε), α = lr·sqrt(1 − β2^t)/(1 − β1^t). */
  AdamUpdate: {
    inputs: [variable: T, m: T, v: T, grad: T];
    attrs: AdamAttrs;
    outputs: [variable: T, m: T, v: T];
  };
  /**
   * v = ρv + (1 − ρ)g²; centered: a = ρa + (1 − ρ)g, denominator v − a² + ε, else v + ε;
   * increment = lr·g / sqrt(denominator); with momentum: mom = momentum·mom + increment, variable −= mom;
   * else variable −= increment. `momentum` is null when attrs.momentum is 0, `averageGrad` when not centered.
   */
  RMSpropUpdate: {
    inputs: [variable: T, velocity: T, momentum: T | null, averageGrad: T | null, grad: T];
    attrs: RMSpropAttrs;
    outputs: [variable: T, velocity: T, momentum: T | null, averageGrad: T | null];
  };
}

export type KernelName = keyof KernelSignatures<unknown>;
export type KernelInputs<K extends KernelName, T> = KernelSignatures<T>[K]['inputs'];
export type KernelAttrs<K extends KernelName> = KernelSignatures<unknown>[K]['attrs'];
export type KernelOutputs<K extends KernelName, T> = KernelSignatures<T>[K]['outputs'];

export type KernelImpl<K extends KernelName, T> = (
  inputs: KernelInputs<K, T>,
  attrs: KernelAttrs<K>,
) => KernelOutputs<K, T>;

/** One implementation per kernel name: a backend must implement the whole contract. */
export type KernelImpls<T> = { [K in KernelName]: KernelImpl<K, T> };

/** Calls a kernel by name (a backend's dispatcher; gradients use it to stay backend-agnostic). */
export type RunKernel<T> = <K extends KernelName>(
  name: K,
  inputs: KernelInputs<K, T>,
  attrs: KernelAttrs<K>,
) => KernelOutputs<K, T>;

/** What the op layer and the tape need from a backend besides its kernels. */
export interface Backend<T> {
  readonly name: string;
  readonly kernels: KernelImpls<T>;
  shapeOf(x: T): readonly number[];
  /** A backend tensor holding `values` (the backend may adopt the array: the caller must not reuse it). */
  fromValues(shape: readonly number[], values: FloatArray): T;
  /** The tensor's values on the host (may be the tensor's own storage: do not modify). */
  toValues(x: T): FloatArray;
  /** A zero tensor made on the device, for backends without synchronous `toValues` (webgpu). */
  zeros?(shape: readonly number[]): T;
}

/** Runtime description of a contract: the input/output names in order and the attribute keys. */
export interface KernelContract {
  /** Input names in order; a single '...xs' marks a variadic kernel. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: readonly string[];
}

const POOL = ['poolSize', 'strides', 'padding'];
const CONV = ['strides', 'padding'];
const XENT = ['fromLogits'];

export const KERNEL_CONTRACTS: { readonly [K in KernelName]: KernelContract } = {
  Conv2D: { inputs: ['x', 'filter'], outputs: ['y'], attrs: CONV },
  Conv2DBackpropInput: { inputs: ['dy', 'filter'], outputs: ['dx'], attrs: [...CONV, 'inputShape'] },
  Conv2DBackpropFilter: { inputs: ['x', 'dy'], outputs: ['dfilter'], attrs: [...CONV, 'filterShape'] },
  MatMul: { inputs: ['a', 'b'], outputs: ['c'], attrs: ['transposeA', 'transposeB'] },
  BiasAdd: { inputs: ['x', 'bias'], outputs: ['y'], attrs: [] },
  BiasAddGrad: { inputs: ['dy'], outputs: ['dbias'], attrs: [] },
  MaxPool: { inputs: ['x'], outputs: ['y'], attrs: POOL },
  MaxPoolGrad: { inputs: ['dy', 'x', 'y'], outputs: ['dx'], attrs: POOL },
  AvgPool: { inputs: ['x'], outputs: ['y'], attrs: POOL },
  AvgPoolGrad: { inputs: ['dy'], outputs: ['dx'], attrs: [...POOL, 'inputShape'] },
  GlobalAvgPool: { inputs: ['x'], outputs: ['y'], attrs: [] },
  GlobalAvgPoolGrad: { inputs: ['dy'], outputs: ['dx'], attrs: ['inputShape'] },
  GlobalMaxPool: { inputs: ['x'], outputs: ['y'], attrs: [] },
  GlobalMaxPoolGrad: { inputs: ['dy', 'x', 'y'], outputs: ['dx'], attrs: [] },
  Pad2D: { inputs: ['x'], outputs: ['y'], attrs: ['top', 'bottom', 'left', 'right'] },
  Slice: { inputs: ['x'], outputs: ['y'], attrs: ['begin', 'size'] },
  Reshape: { inputs: ['x'], outputs: ['y'], attrs: ['shape'] },
  Concat: { inputs: ['...xs'], outputs: ['y'], attrs: ['axis'] },
  Activation: { inputs: ['x'], outputs: ['y'], attrs: ['activation'] },
  ActivationGrad: { inputs: ['dy', 'x', 'y'], outputs: ['dx'], attrs: ['activation'] },
  Softmax: { inputs: ['logits'], outputs: ['y'], attrs: [] },
  SoftmaxGrad: { inputs: ['dy', 'y'], outputs: ['dx'], attrs: [] },
  Scale: { inputs: ['x'], outputs: ['y'], attrs: ['factor', 'offset'] },
  AddN: { inputs: ['...xs'], outputs: ['y'], attrs: [] },
  Multiply: { inputs: ['...xs'], outputs: ['y'], attrs: [] },
  BatchNorm: { inputs: ['x', 'mean', 'variance', 'gamma', 'beta'], outputs: ['y'], attrs: ['epsilon'] },
  BatchNormGrad: {
    inputs: ['dy', 'x', 'mean', 'variance', 'gamma'],
    outputs: ['dx', 'dgamma', 'dbeta'],
    attrs: ['epsilon'],
  },
  BatchNormTrain: { inputs: ['x', 'gamma', 'beta'], outputs: ['y', 'mean', 'variance'], attrs: ['epsilon'] },
  BatchNormTrainGrad: {
    inputs: ['dy', 'x', 'gamma', 'mean', 'variance'],
    outputs: ['dx', 'dgamma', 'dbeta'],
    attrs: ['epsilon'],
  },
  MovingAverage: { inputs: ['value', 'update'], outputs: ['y'], attrs: ['momentum'] },
  CategoricalCrossentropy: { inputs: ['target', 'output'], outputs: ['loss'], attrs: XENT },
  CategoricalCrossentropyGrad: { inputs: ['dloss', 'target', 'output'], outputs: ['doutput'], attrs: XENT },
  SparseCategoricalCrossentropy: { inputs: ['target', 'output'], outputs: ['loss'], attrs: XENT },
  SparseCategoricalCrossentropyGrad: { inputs: ['dloss', 'target', 'output'], outputs: ['doutput'], attrs: XENT },
  BinaryCrossentropy: { inputs: ['target', 'output'], outputs: ['loss'], attrs: XENT },
  BinaryCrossentropyGrad: { inputs: ['dloss', 'target', 'output'], outputs: ['doutput'], attrs: XENT },
  MeanSquaredError: { inputs: ['target', 'output'], outputs: ['loss'], attrs: [] },
  MeanSquaredErrorGrad: { inputs: ['dloss', 'target', 'output'], outputs: ['doutput'], attrs: [] },
  Mean: { inputs: ['x'], outputs: ['y'], attrs: [] },
  MeanGrad: { inputs: ['dy'], outputs: ['dx'], attrs: ['inputShape'] },
  SGDUpdate: { inputs: ['variable', 'grad'], outputs: ['variable'], attrs: ['learningRate'] },
  MomentumUpdate: {
    inputs: ['variable', 'velocity', 'grad'],
    outputs: ['variable', 'velocity'],
    attrs: ['learningRate', 'momentum', 'nesterov'],
  },
  AdamUpdate: {
    inputs: ['variable', 'm', 'v', 'grad'],
    outputs: ['variable', 'm', 'v'],
    attrs: ['learningRate', 'beta1', 'beta2', 'epsilon', 'step'],
  },
  RMSpropUpdate: {
    inputs: ['variable', 'velocity', 'momentum', 'averageGrad', 'grad'],
    outputs: ['variable', 'velocity', 'momentum', 'averageGrad'],
    attrs: ['learningRate', 'rho', 'momentum', 'epsilon', 'centered'],
  },
};

export const KERNEL_NAMES = Object.keys(KERNEL_CONTRACTS) as KernelName[];

/** A `RunKernel` over a complete set of implementations. */
export function dispatcher<T>(impls: KernelImpls<T>): RunKernel<T> {
  return (name, inputs, attrs) => {
    const impl = impls[name] as unknown as
      ((i: typeof inputs, a: typeof attrs) => KernelOutputs<typeof name, T>) | undefined;
    if (!impl) throw new Error(`kernel '${name}' is not implemented by this backend`);
    return impl(inputs, attrs);
  };
}
