/**
 * One side of a dataset (training or validation): its samples, labels and batches. Batches come as an async iterator
 * over a caller-given order; decoding of the next batches runs ahead (in the workers) while the caller trains.
 */
import { augmentInto, drawAugmentation, isIdentityAugmentation, type AugmentationOptions } from './augmentation';
import { toFloat32 } from './decode-image';
import { DatasetError } from './errors';

export interface Batch {
  /** NHWC float32 in [0, 1]: [n, height, width, channels]. */
  x: Float32Array;
  shape: [number, number, number, number];
  labels: Int32Array;
  /** The positions (within this split) of the batch's samples, as taken from the order. */
  indices: Int32Array;
}

export interface BatchOptions {
  /** Seeds this epoch's augmentation (same epoch ⇒ same augmented pixels). Default 0. */
  epoch?: number;
  /** Apply the dataset's augmentation; default true for training, false for validation. */
  augment?: boolean;
}

export interface SplitContext {
  shape: [number, number, number];
  augmentation?: AugmentationOptions;
  seed: number;
  readAheadBatches: number;
  numClasses: number;
  /** Preprocessed pixels of a dataset sample (cached view or freshly decoded). */
  pixelsOf(sample: number): Promise<Uint8Array>;
  pathOf(sample: number): string;
  checkOpen(): void;
}

export class DatasetSplit {
  /** Class index of each position. */
  readonly labels: Int32Array;
  readonly classCounts: number[];

  constructor(
    readonly name: 'train' | 'validation',
    /** Dataset-wide sample index of each position. */
    readonly sampleIndices: Int32Array,
    allLabels: Int32Array,
    private readonly ctx: SplitContext,
  ) {
    this.labels = sampleIndices.map((s) => allLabels[s]);
    this.classCounts = new Array<number>(ctx.numClasses).fill(0);
    for (const l of this.labels) this.classCounts[l]++;
  }

  get size(): number {
    return this.sampleIndices.length;
  }

  path(position: number): string {
    return this.ctx.pathOf(this.sampleIndices[this.checkPosition(position)]);
  }

  /** One preprocessed sample (uint8 HWC), e.g. for previews and error analysis. */
  async sample(position: number): Promise<{ pixels: Uint8Array; label: number; path: string }> {
    this.ctx.checkOpen();
    const s = this.sampleIndices[this.checkPosition(position)];
    return {
      pixels: Uint8Array.from(await this.ctx.pixelsOf(s)),
      label: this.labels[position],
      path: this.ctx.pathOf(s),
    };
  }

  /** Batches of `batchSize` (the last may be smaller) in the given order of positions 0..size-1. */
  async *batches(
    order: ArrayLike<number>,
    batchSize: number,
    options: BatchOptions = {},
  ): AsyncGenerator<Batch, void, undefined> {
    this.ctx.checkOpen();
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DatasetError(
        'INVALID_OPTIONS',
        `Batch size ${batchSize} is not a whole number ≥ 1.`,
        'Use a batch size such as 32.',
      );
    }
    for (let i = 0; i < order.length; i++) this.checkPosition(order[i]);
    const { augmentation, readAheadBatches } = this.ctx;
    const augment =
      (options.augment ?? this.name === 'train') && augmentation !== undefined && !isIdentityAugmentation(augmentation);
    const epoch = options.epoch ?? 0;
    // While the caller works on batch k, batches k+1 … k+readAheadBatches are being decoded.
    const pending: Array<Promise<Uint8Array[]>> = [];
    let nextStart = 0;
    const fill = (limit: number): void => {
      while (pending.length < limit && nextStart < order.length) {
        const positions = Array.from(
          { length: Math.min(batchSize, order.length - nextStart) },
          (_, k) => order[nextStart + k],
        );
        const p = Promise.all(positions.map((pos) => this.ctx.pixelsOf(this.sampleIndices[pos])));
        p.catch(() => undefined); // rejections surface when awaited; this only keeps read-ahead from being "unhandled"
        pending.push(p);
        nextStart += positions.length;
      }
    };
    for (let start = 0; start < order.length; start += batchSize) {
      fill(readAheadBatches + 1);
      const pixels = await pending.shift()!;
      fill(readAheadBatches);
      this.ctx.checkOpen();
      yield this.assemble(order, start, pixels, augment ? augmentation : undefined, epoch);
    }
  }

  private assemble(
    order: ArrayLike<number>,
    start: number,
    pixels: Uint8Array[],
    augmentation: AugmentationOptions | undefined,
    epoch: number,
  ): Batch {
    const [h, w, c] = this.ctx.shape;
    const n = pixels.length;
    const size = h * w * c;
    const x = new Float32Array(n * size);
    const labels = new Int32Array(n);
    const indices = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const pos = order[start + k];
      indices[k] = pos;
      labels[k] = this.labels[pos];
      if (augmentation) {
        const draw = drawAugmentation(augmentation, h, w, this.ctx.seed, epoch, this.sampleIndices[pos]);
        augmentInto(pixels[k], h, w, c, draw, augmentation, x, k * size);
      } else toFloat32(pixels[k], x, k * size);
    }
    return { x, shape: [n, h, w, c], labels, indices };
  }

  private checkPosition(p: number): number {
    if (!Number.isInteger(p) || p < 0 || p >= this.size) {
      throw new DatasetError(
        'INVALID_OPTIONS',
        `Sample position ${p} is outside the ${this.name} split (0–${this.size - 1}).`,
        `Give positions from 0 to ${this.name}.size − 1, e.g. from shuffledOrder(${this.name}.size, seed, epoch).`,
      );
    }
    return p;
  }
}
