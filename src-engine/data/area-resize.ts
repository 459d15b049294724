/**
 * Area (box-filter) resampling: each output pixel is the coverage-weighted mean of the source pixels under its
 * footprint, the definition TF's resize 'area' and OpenCV's INTER_AREA use when shrinking. Separable; RGBA is
 * averaged premultiplied so transparent pixels do not bleed their colour.
 */
import type { RawImage } from './raw-image';

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array[];
}

function taps(src: number, dst: number): Taps {
  const scale = src / dst;
  const start = new Int32Array(dst);
  const count = new Int32Array(dst);
  const weights: Float64Array[] = [];
  for (let o = 0; o < dst; o++) {
    const lo = o * scale;
    const hi = Math.min(src, (o + 1) * scale);
    const first = Math.floor(lo);
    const last = Math.min(src - 1, Math.ceil(hi) - 1);
    const w = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) w[i - first] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
    start[o] = first;
    count[o] = w.length;
    weights.push(w);
  }
  return { start, count, weights };
}

export function areaResize(src: RawImage, height: number, width: number): Uint8Array {
  const { width: sw, height: sh, channels: c } = src;
  const alpha = c === 4 || c === 2;
  const ac = c - 1;
  // Float source, premultiplied when there is alpha.
  const f = new Float64Array(sw * sh * c);
  for (let p = 0; p < sw * sh; p++) {
    const a = alpha ? src.data[p * c + ac] / 255 : 1;
    for (let k = 0; k < c; k++) f[p * c + k] = alpha && k !== ac ? src.data[p * c + k] * a : src.data[p * c + k];
  }
  const tx = taps(sw, width);
  const ty = taps(sh, height);
  const mid = new Float64Array(width * sh * c);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      const w = tx.weights[x];
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let t = 0; t < tx.count[x]; t++) acc += w[t] * f[(y * sw + tx.start[x] + t) * c + k];
        mid[(y * width + x) * c + k] = acc;
      }
    }
  }
  const out = new Uint8Array(width * height * c);
  const px = new Float64Array(c);
  for (let y = 0; y < height; y++) {
    const w = ty.weights[y];
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let t = 0; t < ty.count[y]; t++) acc += w[t] * mid[((ty.start[y] + t) * width + x) * c + k];
        px[k] = acc;
      }
      const a = alpha ? px[ac] / 255 : 1;
      for (let k = 0; k < c; k++) {
        const v = alpha && k !== ac ? (a > 0 ? px[k] / a : 0) : px[k];
        out[(y * width + x) * c + k] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return out;
}
