import type { Batch, BatchSource } from './engine';

/** Samples held in memory as bytes (scaled on the way out) or floats: the simplest BatchSource. */
export function arrayBatchSource(
  samples: Uint8Array | Float32Array,
  labels: Int32Array,
  sampleSize: number,
  scale = 1 / 255,
): BatchSource {
  const size = labels.length;
  if (samples.length !== size * sampleSize)
    throw new Error(`arrayBatchSource: ${samples.length} values do not hold ${size} samples of ${sampleSize}`);
  return {
    size,
    async *batches(order: ArrayLike<number>, batchSize: number): AsyncIterable<Batch> {
      for (let start = 0; start < order.length; start += batchSize) {
        const n = Math.min(batchSize, order.length - start);
        const x = new Float32Array(n * sampleSize);
        const y = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          const s = order[start + i];
          const offset = s * sampleSize;
          if (samples instanceof Uint8Array)
            for (let p = 0; p < sampleSize; p++) x[i * sampleSize + p] = samples[offset + p] * scale;
          else x.set(samples.subarray(offset, offset + sampleSize), i * sampleSize);
          y[i] = labels[s];
        }
        yield { x, labels: y };
      }
    },
  };
}

/** The samples at `indices`, as a new in-memory source. */
export function subsetSource(
  samples: Uint8Array,
  labels: Int32Array,
  sampleSize: number,
  indices: ArrayLike<number>,
): BatchSource {
  const out = new Uint8Array(indices.length * sampleSize);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    out.set(samples.subarray(indices[i] * sampleSize, (indices[i] + 1) * sampleSize), i * sampleSize);
    y[i] = labels[indices[i]];
  }
  return arrayBatchSource(out, y, sampleSize);
}
