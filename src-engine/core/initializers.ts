import { sizeOf, tensor, type Tensor } from './tensor';
import type { Rng } from './rng';

/**
 * Keras initialiser names (snake_case, as `kernel_initializer='glorot_uniform'`), in the order the inspector offers
 * them; the one list (layer parameters, Keras import and export all use it). Keras 3 defaults: glorot_uniform for
 * kernels, zeros for biases.
 */
export const INITIALIZER_NAMES = [
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'random_uniform',
  'random_normal',
  'truncated_normal',
  'zeros',
  'ones',
] as const;

export type InitializerName = (typeof INITIALIZER_NAMES)[number];

export function isInitializerName(name: unknown): name is InitializerName {
  return typeof name === 'string' && (INITIALIZER_NAMES as readonly string[]).includes(name);
}

/** Keras' compute_fans: receptive field × input / output channels for kernels of rank > 2. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptiveField = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptiveField, fanOut: shape[shape.length - 1] * receptiveField };
}

/** The stddev of a unit normal truncated to ±2, which VarianceScaling divides out (Keras' constant). */
export const TRUNCATED_NORMAL_STDDEV_CORRECTION = 0.87962566103423978;

type Mode = 'fan_in' | 'fan_avg';
type Distribution = 'truncated_normal' | 'uniform';

const VARIANCE_SCALING: Partial<Record<InitializerName, { scale: number; mode: Mode; distribution: Distribution }>> = {
  glorot_uniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorot_normal: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' },
  he_normal: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  lecun_normal: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
  lecun_uniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
};

/**
 * A new float32 tensor drawn as Keras draws it (Keras 3 VarianceScaling and friends); the values come
 * from `rng`, so the same seed gives the same weights.
 */
export function initialize(name: InitializerName, shape: readonly number[], rng: Rng): Tensor {
  const values = new Float32Array(sizeOf(shape));
  const vs = VARIANCE_SCALING[name];
  if (vs) {
    const { fanIn, fanOut } = computeFans(shape);
    const n = vs.mode === 'fan_in' ? fanIn : (fanIn + fanOut) / 2;
    const scale = vs.scale / Math.max(1, n);
    if (vs.distribution === 'uniform') {
      const limit = Math.sqrt(3 * scale);
      for (let i = 0; i < values.length; i++) values[i] = rng.uniformRange(-limit, limit);
    } else {
      const stddev = Math.sqrt(scale) / TRUNCATED_NORMAL_STDDEV_CORRECTION;
      for (let i = 0; i < values.length; i++) values[i] = rng.truncatedNormal(0, stddev);
    }
    return tensor(shape, values);
  }
  switch (name) {
    case 'random_normal':
      for (let i = 0; i < values.length; i++) values[i] = rng.normal(0, 0.05);
      break;
    case 'random_uniform':
      for (let i = 0; i < values.length; i++) values[i] = rng.uniformRange(-0.05, 0.05);
      break;
    case 'truncated_normal':
      for (let i = 0; i < values.length; i++) values[i] = rng.truncatedNormal(0, 0.05);
      break;
    case 'zeros':
      break;
    case 'ones':
      values.fill(1);
      break;
    default:
      throw new Error(`unknown initializer '${String(name)}'; expected one of ${INITIALIZER_NAMES.join(', ')}`);
  }
  return tensor(shape, values);
}
