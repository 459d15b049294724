import type { MnistDigits } from '../node/mnist';

/**
 * The benchmark's digits as one small binary file: the parent loads them once (parsing the mnist package's JSON
 * adds about 100 MiB of RSS), each measuring child reads 7.7 MiB, so no engine's peak RSS includes the JSON.
 * Layout: uint32 count, count × 784 image bytes, count × int32 labels (little-endian).
 */
export function encodeDigitsFile(d: MnistDigits): Buffer {
  const out = Buffer.alloc(4 + d.images.length + 4 * d.count);
  out.writeUInt32LE(d.count, 0);
  out.set(d.images, 4);
  for (let i = 0; i < d.count; i++) out.writeInt32LE(d.labels[i], 4 + d.images.length + 4 * i);
  return out;
}

export function readDigitsFile(bytes: Uint8Array): MnistDigits {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const pixels = count * 784;
  if (bytes.byteLength !== 4 + pixels + 4 * count)
    throw new Error(
      `digits file holds ${bytes.byteLength} bytes, expected ${4 + pixels + 4 * count} for ${count} digits`,
    );
  const images = new Uint8Array(bytes.subarray(4, 4 + pixels));
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = view.getInt32(4 + pixels + 4 * i, true);
  return { images, labels, count };
}
