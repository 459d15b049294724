/**
 * Fast path for the most common dataset files: non-interlaced PNGs of up to 8 bits per sample without an ICC profile
 * or EXIF orientation. Decoded here with zlib, a tiny PNG costs a fraction of a sharp pipeline (whose fixed cost
 * per image dominates below ~100×100). Everything else returns undefined and goes to sharp; pixel-for-pixel
 * agreement with sharp is tested (png-decoder.test.ts).
 */
import { crc32, inflateSync } from 'node:zlib';
import { ImageReadError } from './errors';
import { MAX_INPUT_PIXELS, type RawImage } from './raw-image';

const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Chunks {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  palette?: Uint8Array;
  transparency?: Uint8Array;
  data: Uint8Array[];
  hasIcc: boolean;
  hasExif: boolean;
}

function readChunks(b: Uint8Array): Chunks {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const c: Chunks = {
    width: 0,
    height: 0,
    depth: 0,
    colorType: 0,
    interlace: 0,
    data: [],
    hasIcc: false,
    hasExif: false,
  };
  for (let pos = 8; pos + 12 <= b.length;) {
    const length = v.getUint32(pos);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    const body = b.subarray(pos + 8, pos + 8 + length);
    const critical = type === 'IHDR' || type === 'PLTE' || type === 'IDAT';
    if (critical && crc32(b.subarray(pos + 4, pos + 8 + length)) !== v.getUint32(pos + 8 + length)) {
      throw new ImageReadError('unreadable', `PNG decoder: ${type} chunk CRC error (the file is corrupt)`);
    }
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      Object.assign(c, {
        width: h.getUint32(0),
        height: h.getUint32(4),
        depth: body[8],
        colorType: body[9],
        interlace: body[12],
      });
    } else if (type === 'PLTE') c.palette = body;
    else if (type === 'tRNS') c.transparency = body;
    else if (type === 'IDAT') c.data.push(body);
    else if (type === 'iCCP') c.hasIcc = true;
    else if (type === 'eXIf') c.hasExif = true;
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  return c;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; returns the unfiltered rows without their filter bytes. */
function unfilter(raw: Uint8Array, height: number, rowBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const prev = row - rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp] : 0;
      const f = raw[src + x];
      let v: number;
      switch (filter) {
        case 0:
          v = f;
          break;
        case 1:
          v = f + a;
          break;
        case 2:
          v = f + b;
          break;
        case 3:
          v = f + ((a + b) >> 1);
          break;
        case 4:
          v = f + paeth(a, b, c);
          break;
        default:
          throw new ImageReadError('unreadable', `PNG decoder: unknown row filter ${filter} (the file is corrupt)`);
      }
      out[row + x] = v & 0xff;
    }
  }
  return out;
}

/** Decodes a PNG here when it is in the fast path's scope; undefined sends it to sharp. */
export function decodePngFast(b: Uint8Array, autoOrient: boolean): RawImage | undefined {
  const c = readChunks(b);
  const samples = SAMPLES[c.colorType];
  if (!samples || c.depth > 8 || c.interlace !== 0 || c.hasIcc || (c.hasExif && autoOrient)) return undefined;
  if (c.width === 0 || c.height === 0 || c.width * c.height > MAX_INPUT_PIXELS) return undefined;
  if (c.colorType === 3 && !c.palette)
    throw new ImageReadError('unreadable', 'PNG decoder: palette image without a PLTE chunk');
  const rowBytes = Math.ceil((c.width * samples * c.depth) / 8);
  // The header fixes the inflated size (non-interlaced: each row and its filter byte). Inflating stops there, so a
  // few KB of IDAT that would inflate to gigabytes (a decompression bomb) cost no more than the image itself.
  const expected = c.height * (rowBytes + 1);
  let raw: Uint8Array;
  try {
    raw = inflateSync(c.data.length === 1 ? c.data[0] : Buffer.concat(c.data), { maxOutputLength: expected });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImageReadError(
        'unreadable',
        `PNG decoder: the image data inflates to more than the ${expected} bytes a ${c.width}×${c.height} image ` +
          `needs ` +
          '(a corrupt file or a decompression bomb)',
      );
    }
    throw new ImageReadError('unreadable', `PNG decoder: ${(e as Error).message} (the image data is corrupt)`);
  }
  if (raw.length < expected)
    throw new ImageReadError('unreadable', 'PNG decoder: not enough image data (the file is corrupt)');
  const rows = unfilter(raw, c.height, rowBytes, Math.max(1, (samples * c.depth) / 8));
  return expand(rows, c, rowBytes, samples);
}

/** Unpacks sub-byte samples and applies the palette and tRNS, to 8-bit grey / grey+alpha / RGB / RGBA. */
function expand(rows: Uint8Array, c: Chunks, rowBytes: number, samples: number): RawImage {
  const { width, height, depth, colorType, transparency: t } = c;
  const n = width * height;
  const sample = (y: number, i: number): number => {
    if (depth === 8) return rows[y * rowBytes + i];
    const bit = i * depth;
    return (rows[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
  };
  const scale = colorType === 3 ? 1 : 255 / ((1 << depth) - 1);
  if (colorType === 3) {
    const p = c.palette!;
    const alpha = t !== undefined;
    const ch = alpha ? 4 : 3;
    const out = new Uint8Array(n * ch);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const idx = sample(y, x);
        const o = (y * width + x) * ch;
        out[o] = p[idx * 3] ?? 0;
        out[o + 1] = p[idx * 3 + 1] ?? 0;
        out[o + 2] = p[idx * 3 + 2] ?? 0;
        if (alpha) out[o + 3] = idx < t.length ? t[idx] : 255;
      }
    }
    return { data: out, width, height, channels: ch };
  }
  // tRNS on grey or RGB: one colour (16-bit fields, compared at the image's depth) becomes transparent.
  const key =
    t && (colorType === 0 || colorType === 2)
      ? Array.from({ length: samples }, (_, k) => (t[k * 2] << 8) | t[k * 2 + 1])
      : undefined;
  const ch = (samples + (key ? 1 : 0)) as RawImage['channels'];
  if (!key && depth === 8) return { data: rows, width, height, channels: ch };
  const out = new Uint8Array(n * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * ch;
      let transparent = key !== undefined;
      for (let k = 0; k < samples; k++) {
        const v = sample(y, x * samples + k);
        if (key && v !== key[k]) transparent = false;
        out[o + k] = Math.round(v * scale);
      }
      if (key) out[o + samples] = transparent ? 0 : 255;
    }
  }
  return { data: out, width, height, channels: ch };
}
