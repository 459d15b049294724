import type { FloatArray } from '../contracts';

/** The reference backend's tensor: float32 for training, float64 for gradient checks. */
export interface FloatTensor {
  readonly shape: readonly number[];
  readonly values: FloatArray;
}

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A zeroed array of the same precision as `like`. */
export function alloc(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

export function make(shape: readonly number[], values: FloatArray): FloatTensor {
  if (values.length !== sizeOfShape(shape)) {
    throw new Error(`shape ${formatShape(shape)} needs ${sizeOfShape(shape)} values, got ${values.length}`);
  }
  return { shape: [...shape], values };
}

/** A tensor of `shape` with `like`'s precision, filled from a float64 accumulator. */
export function fromAccumulator(shape: readonly number[], like: FloatArray, acc: Float64Array): FloatTensor {
  if (like instanceof Float64Array) return make(shape, acc);
  return make(shape, Float32Array.from(acc));
}

export function expectRank(kernel: string, input: string, t: FloatTensor, rank: number): void {
  if (t.shape.length !== rank) {
    throw new Error(`${kernel}: ${input} must have rank ${rank}, got shape ${formatShape(t.shape)}`);
  }
}

export function expectSameShape(kernel: string, a: FloatTensor, b: FloatTensor, names: [string, string]): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(
      `${kernel}: ${names[0]} ${formatShape(a.shape)} and ${names[1]} ${formatShape(b.shape)} must have the same shape`,
    );
  }
}

/** Checks that `v` is a vector matching the last axis of `x`. */
export function expectChannelVector(kernel: string, name: string, v: FloatTensor, x: FloatTensor): void {
  const c = x.shape[x.shape.length - 1];
  if (v.shape.length !== 1 || v.shape[0] !== c) {
    throw new Error(
      `${kernel}: ${name} must have shape [${c}] (the last axis ` +
        `of ${formatShape(x.shape)}), got ${formatShape(v.shape)}`,
    );
  }
}
