/**
 * Seeded data augmentation with Keras ImageDataGenerator's options and semantics: random rotation (degrees),
 * width/height shift (fraction of the size), zoom (per-axis factor; < 1 zooms in, as in Keras), horizontal flip,
 * combined into one affine map about the image centre, bilinear sampling, Keras' fill modes. Applied to the
 * preprocessed uint8 image, producing the float input directly (x / 255), so it costs one pass per sample.
 */
import { z } from 'zod';
import { DatasetError } from './errors';
import { mixSeed, SeededRandom } from './rng';

const zoomRange = z
  .union([z.number().min(0).max(0.9), z.tuple([z.number().positive().max(10), z.number().positive().max(10)])])
  .transform((r): [number, number] => (typeof r === 'number' ? [1 - r, 1 + r] : r))
  .refine(([lo, hi]) => lo <= hi, 'zoomRange must be [lower, upper] with lower ≤ upper');

export const augmentationSchema = z.object({
  horizontalFlip: z.boolean().default(false),
  /** Maximum horizontal shift as a fraction of the width (uniform in ±range). */
  widthShiftRange: z.number().min(0).max(1).default(0),
  heightShiftRange: z.number().min(0).max(1).default(0),
  /** Maximum rotation in degrees (uniform in ±range). */
  rotationRange: z.number().min(0).max(180).default(0),
  /** A number z means [1 − z, 1 + z]; x and y factors are drawn independently, as in Keras. */
  zoomRange: zoomRange.default([1, 1]),
  /** How points outside the image are filled; 'constant' uses cval (in [0, 1], the model's value range). */
  fillMode: z.enum(['nearest', 'constant', 'reflect', 'wrap']).default('nearest'),
  cval: z.number().min(0).max(1).default(0),
});

export type AugmentationOptions = z.output<typeof augmentationSchema>;
export type AugmentationOptionsInput = z.input<typeof augmentationSchema>;

export function parseAugmentation(input: unknown): AugmentationOptions {
  const r = augmentationSchema.safeParse(input);
  if (!r.success) {
    throw new DatasetError(
      'INVALID_OPTIONS',
      `Invalid augmentation options:\n${z.prettifyError(r.error)}\n`,
      'Shifts are fractions of the image size (0–1), rotationRange is in degrees (0–180), zoomRange is a number ' +
        'below 1 or [lower, upper].',
    );
  }
  return r.data;
}

export const isIdentityAugmentation = (o: AugmentationOptions): boolean =>
  !o.horizontalFlip &&
  o.widthShiftRange === 0 &&
  o.heightShiftRange === 0 &&
  o.rotationRange === 0 &&
  o.zoomRange[0] === 1 &&
  o.zoomRange[1] === 1;

/** One sample's random transform. */
export interface AugmentationDraw {
  flip: boolean;
  theta: number;
  tx: number;
  ty: number;
  zx: number;
  zy: number;
}

/** Draws a transform from (seed, epoch, sample): independent of batch size, order and worker timing. */
export function drawAugmentation(
  o: AugmentationOptions,
  height: number,
  width: number,
  seed: number,
  epoch: number,
  sample: number,
): AugmentationDraw {
  const rng = new SeededRandom(mixSeed(seed, 0xa06, epoch, sample));
  const theta = (rng.uniform(-o.rotationRange, o.rotationRange) * Math.PI) / 180;
  const tx = rng.uniform(-o.heightShiftRange, o.heightShiftRange) * height;
  const ty = rng.uniform(-o.widthShiftRange, o.widthShiftRange) * width;
  const zx = rng.uniform(o.zoomRange[0], o.zoomRange[1]);
  const zy = rng.uniform(o.zoomRange[0], o.zoomRange[1]);
  const flip = o.horizontalFlip && rng.next() < 0.5;
  return { flip, theta, tx, ty, zx, zy };
}

/** Maps an index outside [0, n) per fill mode; -1 means "use cval". */
function fillIndex(k: number, n: number, mode: AugmentationOptions['fillMode']): number {
  if (k >= 0 && k < n) return k;
  switch (mode) {
    case 'nearest':
      return k < 0 ? 0 : n - 1;
    case 'wrap':
      return ((k % n) + n) % n;
    case 'reflect': {
      // Half-sample symmetric (scipy 'reflect', Keras' default for 'reflect'): d c b a | a b c d | d c b a.
      const m = ((k % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    default:
      return -1;
  }
}

/**
 * Writes the augmented sample as float32 (x / 255) into `out` at `offset`. Keras' matrix: input = R·(Z·(o − c) + t) + c
 * for output (row, col) o about the centre c = ((h − 1) / 2, (w − 1) / 2); the flip applies after, as in Keras.
 */
export function augmentInto(
  src: Uint8Array,
  h: number,
  w: number,
  c: number,
  d: AugmentationDraw,
  o: AugmentationOptions,
  out: Float32Array,
  offset: number,
): void {
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const cos = Math.cos(d.theta);
  const sin = Math.sin(d.theta);
  const cval = o.cval * 255;
  const at = (y: number, x: number, k: number): number => (y < 0 || x < 0 ? cval : src[(y * w + x) * c + k]);
  for (let i = 0; i < h; i++) {
    for (let jOut = 0; jOut < w; jOut++) {
      const j = d.flip ? w - 1 - jOut : jOut;
      const a = d.zx * (i - cy) + d.tx;
      const b = d.zy * (j - cx) + d.ty;
      const y = cos * a - sin * b + cy;
      const x = sin * a + cos * b + cx;
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const fy = y - y0;
      const fx = x - x0;
      const ya = fillIndex(y0, h, o.fillMode);
      const yb = fillIndex(y0 + 1, h, o.fillMode);
      const xa = fillIndex(x0, w, o.fillMode);
      const xb = fillIndex(x0 + 1, w, o.fillMode);
      const base = offset + (i * w + jOut) * c;
      for (let k = 0; k < c; k++) {
        const top = at(ya, xa, k) * (1 - fx) + at(ya, xb, k) * fx;
        const bottom = at(yb, xa, k) * (1 - fx) + at(yb, xb, k) * fx;
        out[base + k] = (top * (1 - fy) + bottom * fy) / 255;
      }
    }
  }
}
