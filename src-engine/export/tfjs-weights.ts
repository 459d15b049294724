import { z } from 'zod';
import { sizeOf, type Tensor } from '../core/tensor';

/** TF.js writes shards of at most 4 MiB so that browsers cache them well. */
export const SHARD_BYTES = 4 * 1024 * 1024;

const QuantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  scale: z.number().optional(),
  min: z.number().optional(),
  original_dtype: z.string().optional(),
});

const WeightEntrySchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.string(),
  group: z.string().optional(),
  quantization: QuantizationSchema.optional(),
});

export const WeightsManifestSchema = z.array(
  z.object({ paths: z.array(z.string()), weights: z.array(WeightEntrySchema) }),
);
export type TfjsWeightEntry = z.infer<typeof WeightEntrySchema>;
export type TfjsWeightsManifest = z.infer<typeof WeightsManifestSchema>;

/** A weights manifest or shard that cannot be read; the message names the file or weight. */
export class TfjsWeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfjsWeightsError';
  }
}

/** Reads one shard named in the manifest (a path relative to model.json); null when it does not exist. */
export type ShardReader = (path: string) => Uint8Array | null;

/**
 * Why a weight file named in a manifest is not a path inside the folder of model.json (absolute, a drive, a URL,
 * a backslash, a '..' segment, a control character), or null. TF.js resolves these paths against model.json's URL;
 * Filterbank reads them only from that folder, so that a model.json cannot make import copy any other file.
 */
export function shardPathProblem(path: string): string | null {
  if (path === '') return 'it is empty';
  if (/[\p{Cc}\u2028\u2029]/u.test(path)) return 'it contains a control character';
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return 'it is absolute';
  if (path.split('/').includes('..')) return "it goes up with '..'";
  return null;
}

const showPath = (path: string) => (/[\p{Cc}\u2028\u2029]/u.test(path) ? JSON.stringify(path) : `'${path}'`);

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2 };

function byteLength(entry: TfjsWeightEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const bytes = BYTES_PER_VALUE[dtype];
  if (bytes === undefined)
    throw new TfjsWeightsError(
      `weight ${entry.name} has dtype '${dtype}', which Filterbank cannot read (it reads float32, int32 and ` +
        `uint8/uint16/float16 quantised weights)`,
    );
  return sizeOf(entry.shape) * bytes;
}

/** IEEE 754 half precision to float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decodeEntry(entry: TfjsWeightEntry, bytes: Uint8Array): Float32Array {
  const n = sizeOf(entry.shape);
  const copy = bytes.slice();
  const q = entry.quantization;
  if (!q)
    return entry.dtype === 'int32'
      ? Float32Array.from(new Int32Array(copy.buffer, 0, n))
      : new Float32Array(copy.buffer, 0, n);
  if (q.dtype === 'float16') {
    const half = new Uint16Array(copy.buffer, 0, n);
    return Float32Array.from(half, halfToFloat);
  }
  if (q.scale === undefined || q.min === undefined)
    throw new TfjsWeightsError(
      `weight ${entry.name} is quantised to ${q.dtype} but the manifest gives no scale and min`,
    );
  const quantized = q.dtype === 'uint8' ? copy : new Uint16Array(copy.buffer, 0, n);
  const { scale, min } = q;
  // value = q·scale + min, computed as TF.js does (in double, stored as float32).
  return Float32Array.from(quantized, (v) => v * scale + min);
}

/** Parses a weightsManifest; throws TfjsWeightsError naming the problem. */
export function parseWeightsManifest(raw: unknown): TfjsWeightsManifest {
  const parsed = WeightsManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TfjsWeightsError(
      `model.json's weightsManifest is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * Decodes every weight of a TF.js weights manifest from its shards into float32 tensors by manifest name.
 * Quantised weights are dequantised (uint8/uint16: q·scale + min; float16). Optimizer weights are skipped.
 */
export function decodeTfjsWeights(manifestRaw: unknown, readShard: ShardReader): Map<string, Tensor> {
  const manifest = parseWeightsManifest(manifestRaw);
  for (const path of manifest.flatMap((g) => g.paths)) {
    const problem = shardPathProblem(path);
    if (problem) {
      throw new TfjsWeightsError(
        `weight file ${showPath(path)} listed in model.json is outside its folder: weight files must be named by ` +
          `a path inside the folder of model.json (${problem})`,
      );
    }
  }
  const out = new Map<string, Tensor>();
  for (const group of manifest) {
    const shards = group.paths.map((path) => {
      const bytes = readShard(path);
      if (!bytes)
        throw new TfjsWeightsError(
          `weight file '${path}' listed in model.json is missing: put it in the folder of model.json`,
        );
      return bytes;
    });
    const total = shards.reduce((n, s) => n + s.length, 0);
    const data = new Uint8Array(total);
    let at = 0;
    for (const s of shards) {
      data.set(s, at);
      at += s.length;
    }
    let offset = 0;
    for (const entry of group.weights) {
      const length = byteLength(entry);
      if (offset + length > total) {
        throw new TfjsWeightsError(
          `weight ${entry.name} needs bytes ${offset}–${offset + length} but the files ${group.paths.join(', ')} ` +
            `hold only ${total} bytes: a weight file is truncated or from another model`,
        );
      }
      if (entry.group !== 'optimizer') {
        if (out.has(entry.name))
          throw new TfjsWeightsError(`weight ${entry.name} appears twice in model.json's weightsManifest`);
        out.set(entry.name, {
          shape: [...entry.shape],
          values: decodeEntry(entry, data.subarray(offset, offset + length)),
        });
      }
      offset += length;
    }
    if (offset !== total)
      throw new TfjsWeightsError(
        `the weight files ${group.paths.join(', ')} hold ${total} bytes but the manifest describes ${offset}: ` +
          `they do not belong to this model.json`,
      );
  }
  return out;
}

/** Packs float32 weights, in order, into one manifest group and shards of at most `shardBytes`. */
export function encodeTfjsWeights(
  weights: readonly { name: string; tensor: Tensor }[],
  shardBytes: number = SHARD_BYTES,
): { manifest: TfjsWeightsManifest; shards: { path: string; bytes: Uint8Array }[] } {
  if (weights.length === 0) return { manifest: [], shards: [] };
  const total = weights.reduce((n, w) => n + w.tensor.values.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const w of weights) {
    data.set(new Uint8Array(w.tensor.values.buffer, w.tensor.values.byteOffset, w.tensor.values.byteLength), at);
    at += w.tensor.values.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => ({
    path: `group1-shard${i + 1}of${count}.bin`,
    bytes: data.slice(i * shardBytes, Math.min(total, (i + 1) * shardBytes)),
  }));
  const entries = weights.map((w) => ({ name: w.name, shape: [...w.tensor.shape], dtype: 'float32' }));
  return { manifest: [{ paths: shards.map((s) => s.path), weights: entries }], shards };
}
