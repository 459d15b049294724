import type { ActivationName } from '../core/activations';

export type Padding = 'valid' | 'same';
export type Pair = readonly [number, number];

export interface Conv2DAttrs {
  strides: Pair;
  padding: Padding;
}

export interface Pool2DAttrs {
  poolSize: Pair;
  strides: Pair;
  padding: Padding;
}

export interface Pad2DAttrs {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface BatchNormTrainResult<T> {
  output: T;
  /** Batch statistics over every axis but the last, for the moving-average update. */
  mean: T;
  variance: T;
}

/**
 * The operations a layer's forward definition may use. Each backend (the plain-TypeScript reference,
 * gpu.js) implements them; when a tape is recording, each op records itself so that gradients come
 * from the kernels' own gradient definitions, never from the layer.
 * Layout is NHWC; kernels are [kernelH, kernelW, inChannels, outChannels] as in Keras.
 */
export interface Ops<T> {
  shapeOf(x: T): readonly number[];
  conv2d(x: T, kernel: T, attrs: Conv2DAttrs): T;
  /** Adds a bias vector along the last axis. */
  biasAdd(x: T, bias: T): T;
  /** [..., k] × [k, n] → [..., n]: Keras' Dense on inputs of any rank. */
  matMul(x: T, kernel: T): T;
  maxPool(x: T, attrs: Pool2DAttrs): T;
  avgPool(x: T, attrs: Pool2DAttrs): T;
  /** [N, H, W, C] → [N, C] */
  globalAvgPool(x: T): T;
  /** [N, H, W, C] → [N, C] */
  globalMaxPool(x: T): T;
  pad2d(x: T, attrs: Pad2DAttrs): T;
  reshape(x: T, shape: readonly number[]): T;
  activation(x: T, name: ActivationName): T;
  /** Inverted dropout (kept units scaled by 1 / (1 − rate)); the mask comes from the context's seeded RNG. */
  dropout(x: T, rate: number): T;
  /** Inference-mode normalisation with given statistics, along the last axis. */
  batchNorm(x: T, mean: T, variance: T, gamma: T | null, beta: T | null, epsilon: number): T;
  /** Training-mode normalisation with the batch's own statistics, along the last axis. */
  batchNormTrain(x: T, gamma: T | null, beta: T | null, epsilon: number): BatchNormTrainResult<T>;
  /** Element-wise moving average: value · momentum + update · (1 − momentum). Not differentiated. */
  movingAverage(value: T, update: T, momentum: number): T;
  /** Scales every element (Keras' Rescaling without offset is scale then add). */
  scale(x: T, factor: number, offset: number): T;
  add(xs: readonly T[]): T;
  multiply(xs: readonly T[]): T;
  /** Concatenates along `axis` of the full tensor (batch axis included; negative counts from the end). */
  concat(xs: readonly T[], axis: number): T;
}
