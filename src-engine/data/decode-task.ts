/** One unit of decoding work, identical in a worker thread and in-process: read, hash, preprocess. Never throws. */
import { createHash } from 'node:crypto';
import { preprocessImageBytes, type SourceImageInfo } from './decode-image';
import { isImageReadError, type ImageReadError, type SkipReason } from './errors';
import type { ImagePreprocessing } from './preprocessing';
import { readImageFile } from './read-image-file';

export interface DecodeRequest {
  path: string;
  preprocessing: ImagePreprocessing;
  /** Hash the file's bytes (first pass, for duplicate detection). */
  hash: boolean;
  /** Return the pixels (false when the first pass only validates a file that will be streamed later). */
  pixels: boolean;
}

export type DecodeResponse =
  | { ok: true; pixels?: Uint8Array; source: SourceImageInfo; hash?: string; byteLength: number }
  | { ok: false; reason: SkipReason; message: string; byteLength?: number };

export async function runDecodeTask(req: DecodeRequest): Promise<DecodeResponse> {
  let bytes: Uint8Array;
  try {
    bytes = await readImageFile(req.path);
  } catch (e) {
    const error = e as ImageReadError; // readImageFile throws nothing else
    return { ok: false, reason: error.reason, message: error.message };
  }
  try {
    const image = await preprocessImageBytes(bytes, req.preprocessing);
    const hash = req.hash ? createHash('sha1').update(bytes).digest('hex') : undefined;
    return {
      ok: true,
      pixels: req.pixels ? image.pixels : undefined,
      source: image.source,
      hash,
      byteLength: bytes.length,
    };
  } catch (e) {
    if (isImageReadError(e)) return { ok: false, reason: e.reason, message: e.message, byteLength: bytes.length };
    return {
      ok: false,
      reason: 'unreadable',
      message: `decoding failed: ${(e as Error).message}`,
      byteLength: bytes.length,
    };
  }
}
