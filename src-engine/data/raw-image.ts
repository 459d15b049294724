/** Decoded pixels, interleaved (HWC), 8 bits per channel. Channels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/** libvips' default pixel limit (0x3FFF²), applied to every decoder so a forged header cannot exhaust memory. */
export const MAX_INPUT_PIXELS = 268_402_689;

/** Largest image file read (as the services' image:read): what one file can cost in memory before it is decoded. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;
