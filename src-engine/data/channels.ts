/** Channel conversion to the model's channel count: alpha flattened over a background, grey as BT.601 luma. */
import type { RawImage } from './raw-image';

/**
 * Converts interleaved 8-bit pixels with 1–4 channels to 1, 3 or 4 channels. Without alpha in the target, each colour
 * is composited over `background` (c·a + bg·(255 − a)) / 255, rounded; grey is then round(0.299 R + 0.587 G + 0.114 B).
 */
export function convertChannels(
  src: RawImage,
  channels: 1 | 3 | 4,
  background: readonly [number, number, number],
): Uint8Array {
  const n = src.width * src.height;
  const s = src.data;
  const sc = src.channels;
  if (sc === channels) return s;
  const out = new Uint8Array(n * channels);
  const [br, bg, bb] = background;
  for (let p = 0; p < n; p++) {
    const i = p * sc;
    let r: number, g: number, b: number, a: number;
    if (sc <= 2) {
      r = g = b = s[i];
      a = sc === 2 ? s[i + 1] : 255;
    } else {
      r = s[i];
      g = s[i + 1];
      b = s[i + 2];
      a = sc === 4 ? s[i + 3] : 255;
    }
    const o = p * channels;
    if (channels === 4) {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
      continue;
    }
    if (a !== 255) {
      // Integer rounding of (c·a + bg·(255 − a)) / 255.
      r = Math.floor((2 * (r * a + br * (255 - a)) + 255) / 510);
      g = Math.floor((2 * (g * a + bg * (255 - a)) + 255) / 510);
      b = Math.floor((2 * (b * a + bb * (255 - a)) + 255) / 510);
    }
    if (channels === 3) {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
    } else {
      out[o] = Math.floor((299 * r + 587 * g + 114 * b + 500) / 1000);
    }
  }
  return out;
}
