/**
 * The Grad-CAM map drawn over the image the model saw, as Keras' example does: the map (one value per position of
 * the conv layer's grid) stretched to the image's size with bilinear interpolation, coloured with a heat colour map
 * and laid over the image with an opacity that grows with the value, so cold regions leave the image readable.
 */
import { lutFromStops, type ColorLut } from './colormap';
import { toRgba, type PixelImage } from './pixels';

/** Transparent-friendly heat map: dark blue → cyan → yellow → red (a "jet"-like map, as in Keras' example). */
export const HEAT: ColorLut = lutFromStops([
  [0, 0, 143],
  [0, 112, 255],
  [0, 255, 255],
  [255, 255, 0],
  [255, 64, 0],
  [128, 0, 0],
]);

export interface HeatmapGrid {
  height: number;
  width: number;
  /** [0, 1], row-major. */
  heatmap: ArrayLike<number>;
}

/** The map's value at image pixel (y, x): pixel centres mapped onto the grid, bilinear between grid cells. */
export function sampleHeatmap(grid: HeatmapGrid, y: number, x: number, imageHeight: number, imageWidth: number) {
  const gy = Math.min(Math.max(((y + 0.5) * grid.height) / imageHeight - 0.5, 0), grid.height - 1);
  const gx = Math.min(Math.max(((x + 0.5) * grid.width) / imageWidth - 0.5, 0), grid.width - 1);
  const y0 = Math.floor(gy);
  const x0 = Math.floor(gx);
  const y1 = Math.min(y0 + 1, grid.height - 1);
  const x1 = Math.min(x0 + 1, grid.width - 1);
  const fy = gy - y0;
  const fx = gx - x0;
  const at = (yy: number, xx: number) => grid.heatmap[yy * grid.width + xx];
  return (at(y0, x0) * (1 - fx) + at(y0, x1) * fx) * (1 - fy) + (at(y1, x0) * (1 - fx) + at(y1, x1) * fx) * fy;
}

/**
 * RGBA of the image with the map over it, at `scale` × the image's size (each image pixel a square, the map
 * smooth across them). `opacity` is the overlay's at the map's maximum.
 */
export function gradCamOverlay(image: PixelImage, grid: HeatmapGrid, scale: number, opacity = 0.55) {
  const base = toRgba(image);
  const width = image.width * scale;
  const height = image.height * scale;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = (Math.floor(y / scale) * image.width + Math.floor(x / scale)) * 4;
      const v = sampleHeatmap(grid, (y + 0.5) / scale - 0.5, (x + 0.5) / scale - 0.5, image.height, image.width);
      const index = Math.round(Math.min(Math.max(v, 0), 1) * 255);
      const a = opacity * (0.25 + 0.75 * v);
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = base[src + c] * (1 - a) + HEAT[index * 3 + c] * a;
      out[o + 3] = 255;
    }
  }
  return { width, height, rgba: out };
}
