/**
 * Colour maps for feature maps and heat-mapped tables, as 256-entry RGB lookup tables. Viridis (perceptually
 * uniform, readable in greyscale and by most colour-blind readers) for activations; a diverging blue–white–red
 * map for signed values such as filter weights, where white is zero.
 */

export type Rgb = readonly [number, number, number];
/** 256 × RGB, index = value 0..255. */
export type ColorLut = Uint8ClampedArray;

/** Viridis sampled at 9 evenly spaced stops (matplotlib's table); linear interpolation in between. */
const VIRIDIS_STOPS: Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

const DIVERGING_STOPS: Rgb[] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

/** A lookup table through evenly spaced colour stops. */
export function lutFromStops(stops: readonly Rgb[]): ColorLut {
  if (stops.length < 2) throw new RangeError('A colour map needs at least two stops');
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(Math.floor(t), stops.length - 2);
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(stops[k][c] * (1 - f) + stops[k + 1][c] * f);
  }
  return lut;
}

export const VIRIDIS: ColorLut = lutFromStops(VIRIDIS_STOPS);
export const DIVERGING: ColorLut = lutFromStops(DIVERGING_STOPS);

export function lutColor(lut: ColorLut, index: number): Rgb {
  const i = Math.max(0, Math.min(255, Math.round(index))) * 3;
  return [lut[i], lut[i + 1], lut[i + 2]];
}

/** Relative luminance (sRGB weights), to pick readable text over a colour. */
export function luminance([r, g, b]: Rgb): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** Heat-map ends per theme: low values sit near the card's surface (white in light, the dark surface in dark). */
const HEAT_ENDS: Record<'light' | 'dark', readonly [Rgb, Rgb]> = {
  light: [
    [255, 255, 255],
    [31, 71, 180],
  ],
  // --surface-2 of the dark theme to a blue bright enough to stand out on it.
  dark: [
    [35, 40, 51],
    [64, 110, 236],
  ],
};

/**
 * Background of a heat-mapped table cell for a fraction in [0, 1]: from the surface colour to the accent blue, so a
 * confusion matrix reads at a glance in either theme; text switches to white where the cell gets dark.
 */
export function heatCell(fraction: number, theme: 'light' | 'dark' = 'light'): { background: string; color: string } {
  const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
  const [from, to] = HEAT_ENDS[theme];
  const rgb: Rgb = [0, 1, 2].map((c) => Math.round(from[c] + (to[c] - from[c]) * f)) as unknown as Rgb;
  return {
    background: `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]})`,
    color: luminance(rgb) < 0.5 ? '#fff' : 'var(--text, #1e2430)',
  };
}
