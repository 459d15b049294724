/**
 * Feature maps as a grid of channel images: the layout (how many columns, at what integer zoom) and the RGBA
 * pixels, upscaled by pixel replication (nearest neighbour) so each activation stays a crisp square.
 * Pure functions of the map, so the canvas components only put the pixels on screen.
 */
import { DIVERGING, VIRIDIS, type ColorLut } from './colormap';

/**
 * A layer's activations ([height, width, channels]) or a conv
 * kernel ([kh, kw, cin, cout]), as uint8 0..255 over [min, max].
 */
export interface FeatureMapData {
  kind: 'activation' | 'kernel';
  shape: readonly number[];
  min: number;
  max: number;
  values: Uint8Array;
}

export interface GridLayout {
  tiles: number;
  cols: number;
  rows: number;
  tileHeight: number;
  tileWidth: number;
  /** Integer upscaling factor of each tile. */
  scale: number;
  gap: number;
  width: number;
  height: number;
}

export interface GridOptions {
  /** Widest the grid may be, in pixels. */
  maxWidth: number;
  gap?: number;
  maxScale?: number;
  /** A fixed number of columns (a one-row strip: columns = tiles) instead of a near-square grid. */
  columns?: number;
}

/** Columns for a near-square grid that fits maxWidth, and the largest integer zoom that still fits. */
export function channelGridLayout(
  tiles: number,
  tileHeight: number,
  tileWidth: number,
  options: GridOptions,
): GridLayout {
  if (!(tiles >= 1 && tileHeight >= 1 && tileWidth >= 1))
    throw new RangeError(
      `A grid needs at least one tile of at least 1×1 pixels (got ${tiles} tiles of ${tileHeight}×${tileWidth})`,
    );
  const gap = options.gap ?? 2;
  const maxScale = options.maxScale ?? 8;
  const fitCols = Math.max(1, Math.floor((options.maxWidth + gap) / (tileWidth + gap)));
  const cols = options.columns
    ? Math.max(1, Math.min(tiles, options.columns))
    : Math.min(tiles, fitCols, Math.ceil(Math.sqrt((tiles * tileHeight) / tileWidth)));
  const rows = Math.ceil(tiles / cols);
  const scale = Math.max(1, Math.min(maxScale, Math.floor((options.maxWidth - gap * (cols - 1)) / (cols * tileWidth))));
  return {
    tiles,
    cols,
    rows,
    tileHeight,
    tileWidth,
    scale,
    gap,
    width: cols * tileWidth * scale + (cols - 1) * gap,
    height: rows * tileHeight * scale + (rows - 1) * gap,
  };
}

/** How a map splits into tiles: one per activation channel, one per filter of a kernel. */
export function tileShape(
  map: Pick<FeatureMapData, 'kind' | 'shape'>,
): { tiles: number; height: number; width: number } | null {
  const s = map.shape;
  if (map.kind === 'kernel')
    return s.length === 4 && s.every((d) => d >= 1) ? { tiles: s[3], height: s[0], width: s[1] } : null;
  if (s.length === 3 && s.every((d) => d >= 1)) return { tiles: s[2], height: s[0], width: s[1] };
  return null;
}

export type Normalisation = 'layer' | 'channel';

export interface RenderOptions {
  /** 'layer' keeps the engine's scaling over the whole layer; 'channel' stretches each channel to full contrast. */
  normalisation?: Normalisation;
  lut?: ColorLut;
}

type TilePixels = (tile: number, y: number, x: number, out: Uint8ClampedArray, at: number) => void;

function activationPixels(map: FeatureMapData, lut: ColorLut, normalisation: Normalisation): TilePixels {
  const [h, w, c] = map.shape;
  const lo = new Float64Array(c).fill(0);
  const span = new Float64Array(c).fill(255);
  if (normalisation === 'channel') {
    for (let k = 0; k < c; k++) {
      let min = 255;
      let max = 0;
      for (let i = 0; i < h * w; i++) {
        const v = map.values[i * c + k];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      lo[k] = min;
      span[k] = max > min ? max - min : 1;
    }
  }
  return (k, y, x, out, at) => {
    const v = map.values[(y * w + x) * c + k];
    const i = Math.round(((v - lo[k]) / span[k]) * 255) * 3;
    out[at] = lut[i];
    out[at + 1] = lut[i + 1];
    out[at + 2] = lut[i + 2];
    out[at + 3] = 255;
  };
}

const drawsRgb = (inputChannels: number) => inputChannels === 3;

const DIVERGING_LEGEND = 'blue negative · white zero · red positive';

/** What the colours of a kernel's tiles mean, as `kernelPixels` draws them; null for activations. */
export function filterLegend(map: Pick<FeatureMapData, 'kind' | 'shape'>): string | null {
  if (map.kind !== 'kernel' || map.shape.length !== 4) return null;
  const cin = map.shape[2];
  // The engine scales the whole kernel over its min..max to 0..255, and RGB tiles show those bytes as they are.
  if (drawsRgb(cin))
    return (
      "colour = each filter's weights on the red, green and blue inputs, 0–255 from the lowest to the highest " +
      'weight of all filters'
    );
  return cin === 1 ? DIVERGING_LEGEND : `mean over the ${cin} input channels: ${DIVERGING_LEGEND}`;
}

/**
 * Filters: RGB when they read three channels (the first conv layer of a colour model), else the mean over input
 * channels on a diverging map centred on zero, so positive and negative weights are told apart.
 */
function kernelPixels(map: FeatureMapData): TilePixels {
  const [, kw, cin, cout] = map.shape;
  const at = (y: number, x: number, i: number, o: number) => map.values[((y * kw + x) * cin + i) * cout + o];
  if (drawsRgb(cin)) {
    return (o, y, x, out, p) => {
      out[p] = at(y, x, 0, o);
      out[p + 1] = at(y, x, 1, o);
      out[p + 2] = at(y, x, 2, o);
      out[p + 3] = 255;
    };
  }
  const range = map.max - map.min;
  const maxAbs = Math.max(Math.abs(map.min), Math.abs(map.max)) || 1;
  return (o, y, x, out, p) => {
    let sum = 0;
    for (let i = 0; i < cin; i++) sum += at(y, x, i, o);
    const weight = map.min + (sum / cin / 255) * range;
    const idx = Math.round((0.5 + (0.5 * weight) / maxAbs) * 255) * 3;
    out[p] = DIVERGING[idx];
    out[p + 1] = DIVERGING[idx + 1];
    out[p + 2] = DIVERGING[idx + 2];
    out[p + 3] = 255;
  };
}

/** The first `count` channels of an activation map (for a thumbnail strip); other maps are returned as they are. */
export function firstChannels(map: FeatureMapData, count: number): FeatureMapData {
  const [h, w, c] = map.shape;
  if (map.kind !== 'activation' || map.shape.length !== 3 || count >= c) return map;
  const k = Math.max(1, count);
  const values = new Uint8Array(h * w * k);
  for (let i = 0; i < h * w; i++) values.set(map.values.subarray(i * c, i * c + k), i * k);
  return { ...map, shape: [h, w, k], values };
}

/** RGBA pixels of the whole grid (gaps transparent), ready for an ImageData. */
export function renderChannelGrid(
  map: FeatureMapData,
  layout: GridLayout,
  options: RenderOptions = {},
): Uint8ClampedArray<ArrayBuffer> {
  const shape = tileShape(map);
  if (
    !shape ||
    shape.tiles !== layout.tiles ||
    shape.height !== layout.tileHeight ||
    shape.width !== layout.tileWidth
  ) {
    throw new RangeError(
      `The layout (${layout.tiles} tiles of ${layout.tileHeight}×${layout.tileWidth}) does not fit a ${map.kind} ` +
        `of shape [${map.shape.join(', ')}]`,
    );
  }
  const expected = map.shape.reduce((a, b) => a * b, 1);
  if (map.values.length !== expected)
    throw new RangeError(
      `A ${map.kind} of shape [${map.shape.join(', ')}] needs ${expected} values, got ${map.values.length}`,
    );
  const pixel =
    map.kind === 'kernel'
      ? kernelPixels(map)
      : activationPixels(map, options.lut ?? VIRIDIS, options.normalisation ?? 'layer');
  const { cols, scale, gap, width, height, tileHeight, tileWidth } = layout;
  const out = new Uint8ClampedArray(width * height * 4);
  const rgba = new Uint8ClampedArray(4);
  for (let t = 0; t < layout.tiles; t++) {
    const left = (t % cols) * (tileWidth * scale + gap);
    const top = Math.floor(t / cols) * (tileHeight * scale + gap);
    for (let y = 0; y < tileHeight; y++) {
      for (let x = 0; x < tileWidth; x++) {
        pixel(t, y, x, rgba, 0);
        for (let dy = 0; dy < scale; dy++) {
          let p = ((top + y * scale + dy) * width + left + x * scale) * 4;
          for (let dx = 0; dx < scale; dx++, p += 4) out.set(rgba, p);
        }
      }
    }
  }
  return out;
}

/** Which tile (channel or filter) sits under a point of the grid, or null over a gap. */
export function tileAt(layout: GridLayout, x: number, y: number): number | null {
  const cellW = layout.tileWidth * layout.scale + layout.gap;
  const cellH = layout.tileHeight * layout.scale + layout.gap;
  const col = Math.floor(x / cellW);
  const row = Math.floor(y / cellH);
  if (
    x < 0 ||
    y < 0 ||
    col >= layout.cols ||
    x - col * cellW >= layout.tileWidth * layout.scale ||
    y - row * cellH >= layout.tileHeight * layout.scale
  )
    return null;
  const tile = row * layout.cols + col;
  return tile < layout.tiles ? tile : null;
}

/** The feature-map cell under a point: its tile (channel) and its row and column in the map, or null over a gap. */
export function cellAt(layout: GridLayout, x: number, y: number): { tile: number; y: number; x: number } | null {
  const tile = tileAt(layout, x, y);
  if (tile === null) return null;
  const cellW = layout.tileWidth * layout.scale + layout.gap;
  const cellH = layout.tileHeight * layout.scale + layout.gap;
  return {
    tile,
    y: Math.floor((y - Math.floor(tile / layout.cols) * cellH) / layout.scale),
    x: Math.floor((x - (tile % layout.cols) * cellW) / layout.scale),
  };
}
