/**
 * Structural end-of-file checks. Decoders disagree on truncated input (libvips fills a cut JPEG with grey, or fails
 * with a generic "read error" for PNG), so we check the container ourselves: a file whose structure runs past its end
 * is reported as truncated rather than as unreadable, and never used half-grey.
 */
import type { ImageFormat } from './image-format';

const u32be = (b: Uint8Array, i: number): number =>
  ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u32le = (b: Uint8Array, i: number): number =>
  (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** PNG: walk the chunks; the file must reach IEND. */
function pngTruncation(b: Uint8Array): string | undefined {
  let pos = 8;
  while (pos + 8 <= b.length) {
    const length = u32be(b, pos);
    const isEnd = b[pos + 4] === 0x49 && b[pos + 5] === 0x45 && b[pos + 6] === 0x4e && b[pos + 7] === 0x44;
    if (isEnd) return undefined;
    pos += 12 + length;
  }
  return `the PNG ends after ${b.length} bytes, before its IEND chunk`;
}

/** JPEG: walk the markers, skipping entropy-coded data after each SOS; the file must reach EOI. */
function jpegTruncation(b: Uint8Array): string | undefined {
  let pos = 2;
  const end = `the JPEG ends after ${b.length} bytes, before its end-of-image marker`;
  while (pos < b.length) {
    if (b[pos] !== 0xff) return undefined; // corrupt rather than short: let the decoder judge
    while (pos < b.length && b[pos] === 0xff) pos++;
    if (pos >= b.length) return end;
    const marker = b[pos++];
    if (marker === 0xd9) return undefined;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (pos + 2 > b.length) return end;
    const length = (b[pos] << 8) | b[pos + 1];
    pos += length;
    if (pos > b.length) return end;
    if (marker === 0xda) {
      // Entropy-coded data: a marker is 0xFF followed by anything but 0x00 (stuffing) or RSTn.
      while (
        pos + 1 < b.length &&
        !(b[pos] === 0xff && b[pos + 1] !== 0x00 && (b[pos + 1] < 0xd0 || b[pos + 1] > 0xd7))
      )
        pos++;
      if (pos + 1 >= b.length) return end;
    }
  }
  return end;
}

/** WebP: the RIFF header states the file length. */
function webpTruncation(b: Uint8Array): string | undefined {
  const declared = u32le(b, 4) + 8;
  return b.length < declared ? `the WebP file has ${b.length} of its ${declared} bytes` : undefined;
}

/** Returns why the file is structurally truncated, or undefined when its structure is complete (or not checkable). */
export function findTruncation(b: Uint8Array, format: ImageFormat): string | undefined {
  switch (format) {
    case 'png':
      return pngTruncation(b);
    case 'jpeg':
      return jpegTruncation(b);
    case 'webp':
      return webpTruncation(b);
    default:
      return undefined; // GIF and TIFF: judged from the decoder's error (see decode-image.ts); BMP: by the BMP decoder
  }
}

/** libvips' messages for input that ended early (GIF, TIFF and anything the structural checks let through). */
export const TRUNCATION_MESSAGE =
  /premature end|unexpected end|end of file|truncat|short read|read error|not enough data/i;
