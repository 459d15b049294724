import { describe, expect, it } from 'vitest';
import {
  augmentInto,
  drawAugmentation,
  isIdentityAugmentation,
  parseAugmentation,
  type AugmentationDraw,
} from './augmentation';
import { DatasetError } from './errors';

const H = 5;
const W = 5;
/** A 5×5 single-channel ramp: value = 10·row + col. */
const src = Uint8Array.from({ length: H * W }, (_, p) => 10 * Math.floor(p / W) + (p % W));
const none: AugmentationDraw = { flip: false, theta: 0, tx: 0, ty: 0, zx: 1, zy: 1 };

function run(d: Partial<AugmentationDraw>, options: object = {}): number[][] {
  const out = new Float32Array(H * W);
  augmentInto(src, H, W, 1, { ...none, ...d }, parseAugmentation(options), out, 0);
  return Array.from({ length: H }, (_, i) =>
    Array.from(out.subarray(i * W, (i + 1) * W), (v) => Math.round(v * 255 * 1000) / 1000),
  );
}
const rows = (f: (i: number, j: number) => number): number[][] =>
  Array.from({ length: H }, (_, i) => Array.from({ length: W }, (_, j) => f(i, j)));

describe('augmentInto (Keras ImageDataGenerator geometry)', () => {
  it('is the identity (x / 255) without a transform', () => {
    expect(run({})).toEqual(rows((i, j) => 10 * i + j));
  });

  it('flips horizontally', () => {
    expect(run({ flip: true })).toEqual(rows((i, j) => 10 * i + (W - 1 - j)));
  });

  it('shifts by whole pixels, filling per fill mode', () => {
    // Keras maps output o to input o + t: tx = 2 rows reads two rows further down.
    expect(run({ tx: 2 }, { fillMode: 'constant', cval: 1 })).toEqual(
      rows((i, j) => (i + 2 < H ? 10 * (i + 2) + j : 255)),
    );
    expect(run({ tx: 2 }, { fillMode: 'nearest' })).toEqual(rows((i, j) => 10 * Math.min(H - 1, i + 2) + j));
    expect(run({ ty: -2 }, { fillMode: 'wrap' })).toEqual(rows((i, j) => 10 * i + ((j - 2 + W) % W)));
    // 'reflect' is half-sample symmetric: ... c b a | a b c ...
    expect(run({ ty: -2 }, { fillMode: 'reflect' })).toEqual(
      rows((i, j) => 10 * i + (j - 2 >= 0 ? j - 2 : -(j - 2) - 1)),
    );
  });

  it('rotates a quarter turn about the centre', () => {
    const out = run({ theta: Math.PI / 2 });
    const want = rows((i, j) => 10 * (W - 1 - j) + i);
    out.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 6)));
  });

  it('zooms in for factors below 1 and interpolates bilinearly', () => {
    // zx = zy = 0.5 about the centre (2, 2): output (i, j) reads input (2 + (i − 2)/2, 2 + (j − 2)/2).
    const out = run({ zx: 0.5, zy: 0.5 });
    out.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(10 * (2 + (i - 2) / 2) + (2 + (j - 2) / 2), 6)));
  });
});

describe('drawAugmentation', () => {
  const o = parseAugmentation({
    horizontalFlip: true,
    rotationRange: 30,
    widthShiftRange: 0.2,
    heightShiftRange: 0.1,
    zoomRange: 0.2,
  });

  it('is reproducible from (seed, epoch, sample) and differs across them', () => {
    expect(drawAugmentation(o, 32, 32, 7, 3, 11)).toEqual(drawAugmentation(o, 32, 32, 7, 3, 11));
    expect(drawAugmentation(o, 32, 32, 7, 4, 11)).not.toEqual(drawAugmentation(o, 32, 32, 7, 3, 11));
    expect(drawAugmentation(o, 32, 32, 8, 3, 11)).not.toEqual(drawAugmentation(o, 32, 32, 7, 3, 11));
  });

  it('stays within the ranges and covers them', () => {
    const draws = Array.from({ length: 2000 }, (_, s) => drawAugmentation(o, 40, 50, 1, 0, s));
    const deg = draws.map((d) => (d.theta * 180) / Math.PI);
    expect(Math.max(...deg)).toBeLessThanOrEqual(30);
    expect(Math.min(...deg)).toBeLessThan(-28);
    expect(Math.max(...draws.map((d) => Math.abs(d.ty)))).toBeLessThanOrEqual(0.2 * 50);
    expect(Math.max(...draws.map((d) => Math.abs(d.tx)))).toBeLessThanOrEqual(0.1 * 40);
    expect(Math.min(...draws.map((d) => d.zx))).toBeGreaterThanOrEqual(0.8);
    const flips = draws.filter((d) => d.flip).length;
    expect(flips).toBeGreaterThan(900);
    expect(flips).toBeLessThan(1100);
  });
});

describe('augmentation options', () => {
  it('fills Keras defaults and normalises zoomRange', () => {
    const o = parseAugmentation({ zoomRange: 0.25 });
    expect(o).toEqual({
      horizontalFlip: false,
      widthShiftRange: 0,
      heightShiftRange: 0,
      rotationRange: 0,
      zoomRange: [0.75, 1.25],
      fillMode: 'nearest',
      cval: 0,
    });
    expect(isIdentityAugmentation(parseAugmentation({}))).toBe(true);
    expect(isIdentityAugmentation(o)).toBe(false);
    expect(parseAugmentation(o)).toEqual(o); // the parsed form parses to itself (it is what a saved model stores)
  });

  it('rejects bad values with a DatasetError', () => {
    expect(() => parseAugmentation({ rotationRange: 400 })).toThrow(DatasetError);
    expect(() => parseAugmentation({ zoomRange: [1.2, 0.8] })).toThrow(/lower ≤ upper/);
  });
});
