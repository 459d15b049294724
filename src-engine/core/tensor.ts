/** A dense float32 tensor in row-major order; image tensors are NHWC (Keras' channels_last). */
export interface Tensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: readonly number[], values?: Float32Array | ArrayLike<number>): Tensor {
  const n = sizeOf(shape);
  const data =
    values === undefined ? new Float32Array(n) : values instanceof Float32Array ? values : Float32Array.from(values);
  if (data.length !== n) throw new Error(`tensor: shape [${shape.join(', ')}] needs ${n} values, got ${data.length}`);
  return { shape: [...shape], values: data };
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
