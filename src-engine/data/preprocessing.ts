/**
 * The image preprocessing recorded with a model: the one description training, evaluation, prediction and export
 * all apply (through `preprocessImage`), so a model never sees pixels prepared differently from its training data.
 */
import { z } from 'zod';
import { DatasetError } from './errors';

/**
 * Resampling used to reach the model's input size. sharp (libvips) kernels: nearest → 'nearest', bilinear → 'linear',
 * bicubic → 'cubic' (Catmull-Rom), lanczos3 → 'lanczos3'; libvips widens them when shrinking, so downscaling is
 * anti-aliased (like tf.image.resize with antialias=true). area → our own exact box filter (pixel-coverage weights,
 * as TF's 'area' and OpenCV's INTER_AREA), see area-resize.ts.
 */
export const INTERPOLATIONS = ['nearest', 'bilinear', 'bicubic', 'area', 'lanczos3'] as const;
export type Interpolation = (typeof INTERPOLATIONS)[number];

export const SHARP_KERNELS = {
  nearest: 'nearest',
  bilinear: 'linear',
  bicubic: 'cubic',
  lanczos3: 'lanczos3',
} as const;

const byte = z.number().int().min(0).max(255);

export const imagePreprocessingSchema = z.object({
  /** Model input height and width in pixels. */
  height: z.number().int().min(1).max(4096),
  width: z.number().int().min(1).max(4096),
  /**
   * 1 grayscale, 3 RGB, 4 RGBA. Grayscale is ITU-R BT.601 luma
   * (0.299 R + 0.587 G + 0.114 B), as PIL and Keras' load_img.
   */
  channels: z.union([z.literal(1), z.literal(3), z.literal(4)]),
  interpolation: z.enum(INTERPOLATIONS).default('bilinear'),
  /** RGB colour transparent pixels are flattened over when the model has no alpha channel. */
  background: z.tuple([byte, byte, byte]).default([255, 255, 255]),
  /** Apply the EXIF orientation (phone photos) before anything else. */
  autoOrient: z.boolean().default(true),
  /** Model inputs are x / 255, in [0, 1]; recorded so exports state it. */
  valueRange: z.literal('0..1').default('0..1'),
});

export type ImagePreprocessing = z.output<typeof imagePreprocessingSchema>;
export type ImagePreprocessingInput = z.input<typeof imagePreprocessingSchema>;

/** Parses and completes a preprocessing description; a `DatasetError('INVALID_OPTIONS')` names each bad field. */
export function parsePreprocessing(input: unknown): ImagePreprocessing {
  const r = imagePreprocessingSchema.safeParse(input);
  if (!r.success) {
    throw new DatasetError(
      'INVALID_OPTIONS',
      `Invalid image preprocessing:\n${z.prettifyError(r.error)}\n`,
      'Give height and width as whole numbers from 1 to 4096 and channels as 1 (grayscale), 3 (RGB) or 4 (RGBA).',
    );
  }
  return r.data;
}

/** Bytes of one preprocessed sample. */
export const sampleBytes = (p: ImagePreprocessing): number => p.height * p.width * p.channels;
