/** Uint8 HWC images (thumbnails, the preprocessed input a model saw) as canvas pixels. */
export interface PixelImage {
  height: number;
  width: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  pixels: Uint8Array;
}

/** RGBA for an ImageData from uint8 HWC pixels. */
export function toRgba(image: PixelImage): Uint8ClampedArray<ArrayBuffer> {
  const { height, width, channels, pixels } = image;
  const out = new Uint8ClampedArray(height * width * 4);
  for (let i = 0; i < height * width; i++) {
    const p = i * channels;
    const grey = channels <= 2;
    out[i * 4] = pixels[p];
    out[i * 4 + 1] = grey ? pixels[p] : pixels[p + 1];
    out[i * 4 + 2] = grey ? pixels[p] : pixels[p + 2];
    out[i * 4 + 3] = channels === 2 ? pixels[p + 1] : channels === 4 ? pixels[p + 3] : 255;
  }
  return out;
}
