/**
 * BMP decoder (libvips, and so sharp, does not read BMP). Reads uncompressed BI_RGB at 1/4/8/16/24/32 bits and
 * BI_BITFIELDS / BI_ALPHABITFIELDS at 16/32 bits, with BITMAPCOREHEADER (OS/2 1.x), BITMAPINFOHEADER and V2–V5
 * headers, bottom-up and top-down. RLE, embedded JPEG/PNG and OS/2 2.x headers are reported as unsupported.
 */
import { ImageReadError } from './errors';
import { MAX_INPUT_PIXELS, type RawImage } from './raw-image';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'embedded JPEG', 5: 'embedded PNG' };

interface Channel {
  mask: number;
  shift: number;
  max: number;
}

function channelOf(mask: number): Channel {
  mask >>>= 0;
  if (mask === 0) return { mask: 0, shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { mask, shift, max: mask >>> shift };
}

const extract = (px: number, c: Channel): number =>
  c.max === 255 ? (px & c.mask) >>> c.shift : Math.round(((((px & c.mask) >>> 0) >>> c.shift) * 255) / c.max);

interface BmpHeader {
  width: number;
  height: number;
  topDown: boolean;
  bpp: number;
  compression: number;
  dataOffset: number;
  paletteOffset: number;
  paletteEntrySize: 3 | 4;
  paletteCount: number;
  masks?: [number, number, number, number];
}

function readHeader(b: Uint8Array): BmpHeader {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 26) throw new ImageReadError('truncated', `the BMP ends after ${b.length} bytes, inside its header`);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize === 12) {
    return {
      width: v.getUint16(18, true),
      height: v.getUint16(20, true),
      topDown: false,
      bpp: v.getUint16(24, true),
      compression: BI_RGB,
      dataOffset,
      paletteOffset: 26,
      paletteEntrySize: 3,
      paletteCount: 0,
    };
  }
  if (![40, 52, 56, 108, 124].includes(headerSize)) {
    throw new ImageReadError(
      'unsupported-format',
      `BMP with a ${headerSize}-byte header (OS/2 2.x or unknown) is not supported`,
    );
  }
  if (b.length < 14 + headerSize)
    throw new ImageReadError('truncated', `the BMP ends after ${b.length} bytes, inside its header`);
  const rawHeight = v.getInt32(22, true);
  const compression = v.getUint32(30, true);
  const bitfields = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  // Masks sit at offset 54 both inside V2+ headers and right after a 40-byte header when BI_BITFIELDS is used.
  const hasAlphaMask = headerSize >= 56 || compression === BI_ALPHABITFIELDS;
  const masksInHeader = headerSize >= 52;
  const extraMaskBytes = bitfields && !masksInHeader ? (compression === BI_ALPHABITFIELDS ? 16 : 12) : 0;
  let masks: BmpHeader['masks'];
  if (bitfields || (masksInHeader && hasAlphaMask)) {
    if (b.length < 54 + (hasAlphaMask ? 16 : 12))
      throw new ImageReadError('truncated', 'the BMP ends inside its colour masks');
    masks = [
      v.getUint32(54, true),
      v.getUint32(58, true),
      v.getUint32(62, true),
      hasAlphaMask ? v.getUint32(66, true) : 0,
    ];
  }
  return {
    width: v.getInt32(18, true),
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bpp: v.getUint16(28, true),
    compression,
    dataOffset,
    paletteOffset: 14 + headerSize + extraMaskBytes,
    paletteEntrySize: 4,
    paletteCount: v.getUint32(46, true),
    masks,
  };
}

function validate(h: BmpHeader, length: number): void {
  const name = COMPRESSION_NAMES[h.compression];
  if (name)
    throw new ImageReadError(
      'unsupported-format',
      `BMP with ${name} compression is not supported; save it uncompressed`,
    );
  if (![BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS].includes(h.compression)) {
    throw new ImageReadError('unreadable', `the BMP declares an unknown compression (${h.compression})`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(h.bpp))
    throw new ImageReadError('unsupported-format', `BMP with ${h.bpp} bits per pixel is not supported`);
  if (h.compression !== BI_RGB && h.bpp !== 16 && h.bpp !== 32) {
    throw new ImageReadError('unreadable', `the BMP declares bit-field masks with ${h.bpp} bits per pixel`);
  }
  if (h.width <= 0 || h.height <= 0)
    throw new ImageReadError('unreadable', `the BMP declares a ${h.width}×${h.height} image`);
  if (h.width * h.height > MAX_INPUT_PIXELS) {
    throw new ImageReadError(
      'unsupported-format',
      `the BMP is ${h.width}×${h.height}, more than ${MAX_INPUT_PIXELS} pixels`,
    );
  }
  if (h.dataOffset > length)
    throw new ImageReadError('truncated', `the BMP ends after ${length} bytes, before its pixel data`);
}

function readPalette(b: Uint8Array, h: BmpHeader): Uint8Array {
  const available = Math.max(0, Math.floor((Math.min(h.dataOffset, b.length) - h.paletteOffset) / h.paletteEntrySize));
  const count = Math.min(h.paletteCount || 1 << h.bpp, 256, available);
  const rgb = new Uint8Array(256 * 3); // indices past the palette read as black
  for (let i = 0; i < count; i++) {
    const at = h.paletteOffset + i * h.paletteEntrySize;
    rgb[i * 3] = b[at + 2];
    rgb[i * 3 + 1] = b[at + 1];
    rgb[i * 3 + 2] = b[at];
  }
  return rgb;
}

function decodeIndexed(b: Uint8Array, h: BmpHeader, stride: number): RawImage {
  const palette = readPalette(b, h);
  const { width, height, bpp } = h;
  const indices = new Uint8Array(width * height);
  const perByte = 8 / bpp;
  const mask = (1 << bpp) - 1;
  for (let y = 0; y < height; y++) {
    const row = h.dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const byte = b[row + Math.floor(x / perByte)];
      indices[y * width + x] = (byte >> (8 - bpp * ((x % perByte) + 1))) & mask;
    }
  }
  let grey = true;
  for (const i of indices)
    if (palette[i * 3] !== palette[i * 3 + 1] || palette[i * 3] !== palette[i * 3 + 2]) grey = false;
  const channels = grey ? 1 : 3;
  const data = new Uint8Array(width * height * channels);
  for (let p = 0; p < indices.length; p++) {
    const i = indices[p] * 3;
    if (grey) data[p] = palette[i];
    else data.set(palette.subarray(i, i + 3), p * 3);
  }
  return { data, width, height, channels };
}

function decodeDirect(b: Uint8Array, h: BmpHeader, stride: number): RawImage {
  const { width, height, bpp } = h;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const defaults: [number, number, number, number] =
    bpp === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0xff0000, 0xff00, 0xff, 0];
  // BI_RGB ignores masks for the colour; a V3+ header may still name the alpha byte of 32-bit pixels.
  const m =
    h.compression === BI_RGB ? [...defaults.slice(0, 3), bpp === 32 ? (h.masks?.[3] ?? 0) : 0] : (h.masks ?? defaults);
  const [r, g, bl, a] = m.map(channelOf);
  const out = new Uint8Array(width * height * 4);
  let anyAlpha = false;
  for (let y = 0; y < height; y++) {
    const row = h.dataOffset + (h.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (bpp === 24) {
        const at = row + x * 3;
        out[o] = b[at + 2];
        out[o + 1] = b[at + 1];
        out[o + 2] = b[at];
        out[o + 3] = 255;
        continue;
      }
      const px = bpp === 32 ? v.getUint32(row + x * 4, true) : v.getUint16(row + x * 2, true);
      out[o] = extract(px, r);
      out[o + 1] = extract(px, g);
      out[o + 2] = extract(px, bl);
      out[o + 3] = a.mask ? extract(px, a) : 255;
      if (a.mask && out[o + 3] !== 0) anyAlpha = true;
    }
  }
  // As browsers do: an alpha channel that is zero everywhere is an unused byte, not a fully transparent image.
  if (!a.mask || !anyAlpha) {
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) rgb.set(out.subarray(p * 4, p * 4 + 3), p * 3);
    return { data: rgb, width, height, channels: 3 };
  }
  return { data: out, width, height, channels: 4 };
}

export function decodeBmp(b: Uint8Array): RawImage {
  const h = readHeader(b);
  validate(h, b.length);
  const stride = Math.floor((h.bpp * h.width + 31) / 32) * 4;
  const needed = h.dataOffset + stride * (h.height - 1) + Math.ceil((h.bpp * h.width) / 8);
  if (b.length < needed)
    throw new ImageReadError('truncated', `the BMP has ${b.length} of the ${needed} bytes its pixel rows need`);
  return h.bpp <= 8 ? decodeIndexed(b, h, stride) : decodeDirect(b, h, stride);
}
