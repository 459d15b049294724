/**
 * A BMP encoder for tests: writes every layout the decoder claims to read, so each can be round-tripped. Written
 * from the Microsoft BITMAPINFOHEADER / BITMAPV5HEADER documentation, not from the decoder.
 */

export interface BmpWriteOptions {
  bpp: 1 | 4 | 8 | 16 | 24 | 32;
  header?: 'core' | 'info' | 'v4' | 'v5';
  topDown?: boolean;
  /** 0 BI_RGB, 3 BI_BITFIELDS, 6 BI_ALPHABITFIELDS (or any other number, to test rejection). */
  compression?: number;
  /** r, g, b, a masks for 16/32-bit bit fields. */
  masks?: [number, number, number, number];
  /** Colour table for ≤ 8 bits per pixel; pixels are then indices. */
  palette?: Array<[number, number, number]>;
}

const HEADER_SIZES = { core: 12, info: 40, v4: 108, v5: 124 } as const;

function shiftOf(mask: number): number {
  let s = 0;
  while (mask !== 0 && ((mask >>> s) & 1) === 0) s++;
  return s;
}

/** Quantises an 8-bit value into a mask's bits, as an encoder does. */
export function toMaskBits(value: number, mask: number): number {
  const max = mask >>> shiftOf(mask);
  return Math.round((value * max) / 255);
}

/** `pixels`: RGBA (4 per pixel) for direct colour, or one palette index per pixel. Rows top to bottom. */
export function writeBmp(width: number, height: number, pixels: Uint8Array, o: BmpWriteOptions): Uint8Array {
  const header = o.header ?? 'info';
  const headerSize = HEADER_SIZES[header];
  const compression = o.compression ?? 0;
  const masksAfterHeader =
    header === 'info' && (compression === 3 || compression === 6) ? (compression === 6 ? 16 : 12) : 0;
  const entry = header === 'core' ? 3 : 4;
  const paletteBytes = o.bpp <= 8 ? (o.palette?.length ?? 0) * entry : 0;
  const stride = Math.floor((o.bpp * width + 31) / 32) * 4;
  const dataOffset = 14 + headerSize + masksAfterHeader + paletteBytes;
  const out = new Uint8Array(dataOffset + stride * height);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, out.length, true);
  v.setUint32(10, dataOffset, true);
  v.setUint32(14, headerSize, true);
  if (header === 'core') {
    v.setUint16(18, width, true);
    v.setUint16(20, height, true);
    v.setUint16(22, 1, true);
    v.setUint16(24, o.bpp, true);
  } else {
    v.setInt32(18, width, true);
    v.setInt32(22, o.topDown ? -height : height, true);
    v.setUint16(26, 1, true);
    v.setUint16(28, o.bpp, true);
    v.setUint32(30, compression, true);
    v.setUint32(34, stride * height, true);
    v.setUint32(46, o.bpp <= 8 ? (o.palette?.length ?? 0) : 0, true);
    if (o.masks) {
      const n = header === 'info' ? masksAfterHeader / 4 : 4;
      for (let i = 0; i < n; i++) v.setUint32(54 + i * 4, o.masks[i] >>> 0, true);
    }
  }
  const paletteAt = 14 + headerSize + masksAfterHeader;
  (o.palette ?? []).forEach(([r, g, b], i) => {
    out[paletteAt + i * entry] = b;
    out[paletteAt + i * entry + 1] = g;
    out[paletteAt + i * entry + 2] = r;
  });
  const masks = o.masks ?? (o.bpp === 16 ? [0x7c00, 0x3e0, 0x1f, 0] : [0xff0000, 0xff00, 0xff, 0]);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (o.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (o.bpp <= 8) {
        const perByte = 8 / o.bpp;
        out[row + Math.floor(x / perByte)] |= pixels[p] << (8 - o.bpp * ((x % perByte) + 1));
      } else if (o.bpp === 24) {
        out[row + x * 3] = pixels[p * 4 + 2];
        out[row + x * 3 + 1] = pixels[p * 4 + 1];
        out[row + x * 3 + 2] = pixels[p * 4];
      } else {
        let value = 0;
        for (let k = 0; k < 4; k++) if (masks[k]) value |= toMaskBits(pixels[p * 4 + k], masks[k]) << shiftOf(masks[k]);
        if (o.bpp === 32) v.setUint32(row + x * 4, value >>> 0, true);
        else v.setUint16(row + x * 2, value & 0xffff, true);
      }
    }
  }
  return out;
}
