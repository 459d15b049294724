/**
 * Decoding and preprocessing one image: sniff the content, check it is complete, decode (sharp, our BMP decoder, or
 * our PNG fast path), convert channels, resize. A pure function of the bytes and the preprocessing; it runs in the
 * decode workers and in-process alike.
 */
import sharp from 'sharp';
import { areaResize } from './area-resize';
import { decodeBmp } from './bmp';
import { convertChannels } from './channels';
import { ImageReadError } from './errors';
import { IMAGE_FORMAT_NAMES, sniffImageFormat, type ImageFormat } from './image-format';
import { decodePngFast } from './png-decoder';
import {
  parsePreprocessing,
  SHARP_KERNELS,
  type ImagePreprocessing,
  type ImagePreprocessingInput,
} from './preprocessing';
import { MAX_INPUT_PIXELS, type RawImage } from './raw-image';
import { readImageFile } from './read-image-file';
import { findTruncation, TRUNCATION_MESSAGE } from './truncation';

export type ColorMode = 'grayscale' | 'grayscale+alpha' | 'rgb' | 'rgba' | 'cmyk';

/** What the file itself holds, before preprocessing (for the dataset report). */
export interface SourceImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  channels: number;
  mode: ColorMode;
}

export interface PreprocessedImage {
  /** HWC, uint8, exactly height × width × channels values. */
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: 1 | 3 | 4;
  source: SourceImageInfo;
}

const MODES: Record<number, ColorMode> = { 1: 'grayscale', 2: 'grayscale+alpha', 3: 'rgb', 4: 'rgba' };

async function decodeWithSharp(
  bytes: Uint8Array,
  format: ImageFormat,
  autoOrient: boolean,
): Promise<{ raw: RawImage; source: SourceImageInfo }> {
  try {
    // failOn 'error': benign libjpeg warnings (extraneous bytes) pass, real decoding errors fail. GIF/TIFF: first page.
    const image = sharp(bytes, { failOn: 'error', autoOrient, limitInputPixels: MAX_INPUT_PIXELS, pages: 1 });
    const meta = await image.metadata();
    const grey = !meta.hasAlpha && (meta.space === 'b-w' || meta.space === 'grey16');
    const { data, info } = await image
      .toColourspace(grey ? 'b-w' : 'srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels < 1 || info.channels > 4)
      throw new ImageReadError(
        'unsupported-format',
        `${IMAGE_FORMAT_NAMES[format]} with ${info.channels} channels is not supported`,
      );
    const channels = info.channels as RawImage['channels'];
    const sourceChannels = meta.channels ?? channels;
    const mode = meta.space === 'cmyk' ? 'cmyk' : (MODES[sourceChannels] ?? MODES[channels]);
    return {
      raw: { data, width: info.width, height: info.height, channels },
      source: { format, width: info.width, height: info.height, channels: sourceChannels, mode },
    };
  } catch (e) {
    if (e instanceof ImageReadError) throw e;
    const message = (e instanceof Error ? e.message : String(e))
      .split('\n')[0]
      .replace(/^Input buffer has corrupt header: /, '');
    if ((format === 'gif' || format === 'tiff') && TRUNCATION_MESSAGE.test(message))
      throw new ImageReadError('truncated', message);
    if (/pixel limit/i.test(message)) throw new ImageReadError('unsupported-format', message);
    throw new ImageReadError('unreadable', `${IMAGE_FORMAT_NAMES[format]} decoder: ${message}`);
  }
}

/** Decodes image bytes to 8-bit pixels at their own size; throws `ImageReadError` with the skip reason. */
export async function decodeImageBytes(
  bytes: Uint8Array,
  autoOrient = true,
): Promise<{ raw: RawImage; source: SourceImageInfo }> {
  if (bytes.length === 0) throw new ImageReadError('empty', 'the file is empty (0 bytes)');
  const sniffed = sniffImageFormat(bytes);
  if (sniffed.kind === 'unknown')
    throw new ImageReadError('not-an-image', 'the content is not a PNG, JPEG, WebP, GIF, BMP or TIFF image');
  if (sniffed.kind === 'unsupported') {
    throw new ImageReadError(
      'unsupported-format',
      `${sniffed.name} images are not supported; convert it to PNG or JPEG`,
    );
  }
  const { format } = sniffed;
  const truncation = findTruncation(bytes, format);
  if (truncation) throw new ImageReadError('truncated', truncation);
  const raw = format === 'bmp' ? decodeBmp(bytes) : format === 'png' ? decodePngFast(bytes, autoOrient) : undefined;
  if (!raw) return decodeWithSharp(bytes, format, autoOrient);
  return {
    raw,
    source: { format, width: raw.width, height: raw.height, channels: raw.channels, mode: MODES[raw.channels] },
  };
}

async function resize(image: RawImage, p: ImagePreprocessing): Promise<Uint8Array> {
  if (image.width === p.width && image.height === p.height) return image.data;
  if (p.interpolation === 'area') return areaResize(image, p.height, p.width);
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(p.width, p.height, { kernel: SHARP_KERNELS[p.interpolation], fit: 'fill' })
    .toColourspace(image.channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== image.channels)
    throw new Error(`resize changed ${image.channels} channels into ${info.channels}`);
  return data;
}

/** Preprocesses already-read bytes with a parsed preprocessing; the decode workers call this. */
export async function preprocessImageBytes(bytes: Uint8Array, p: ImagePreprocessing): Promise<PreprocessedImage> {
  const { raw, source } = await decodeImageBytes(bytes, p.autoOrient);
  // Convert channels first: flattening before resampling keeps transparent pixels from bleeding into the result.
  const converted: RawImage = { ...raw, data: convertChannels(raw, p.channels, p.background), channels: p.channels };
  const resized = await resize(converted, p);
  // A standalone copy: sharp's Buffers may share a pooled ArrayBuffer, which cannot be transferred between threads.
  const pixels =
    resized.byteOffset === 0 && resized.byteLength === resized.buffer.byteLength && !(resized instanceof Buffer)
      ? resized
      : new Uint8Array(resized);
  return { pixels, height: p.height, width: p.width, channels: p.channels, source };
}

/**
 * The one preprocessing function of Filterbank: a file path or encoded bytes in, the model's uint8 pixels (HWC) out.
 * Throws `ImageReadError` (with `reason`) for files that cannot be used, `DatasetError` for invalid preprocessing.
 */
export async function preprocessImage(
  input: string | Uint8Array,
  preprocessing: ImagePreprocessingInput,
): Promise<PreprocessedImage> {
  const p = parsePreprocessing(preprocessing);
  return preprocessImageBytes(typeof input === 'string' ? await readImageFile(input, input) : input, p);
}

/** uint8 pixels → float32 model input, x / 255 (the preprocessing's value range), into `out` at `offset` if given. */
export function toFloat32(pixels: Uint8Array, out = new Float32Array(pixels.length), offset = 0): Float32Array {
  for (let i = 0; i < pixels.length; i++) out[offset + i] = pixels[i] / 255;
  return out;
}
