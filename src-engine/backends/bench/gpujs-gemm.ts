import { Input, type GPU, type IGPUKernelSettings, type IKernelRunShortcut, type KernelFunction } from 'gpu.js';
import type { GemmShape } from './gemm-shapes';

/**
 * Naive gpu.js matrix-product kernels (one output cell per thread, a loop over k), the form the issue
 * measured at ~1 GFLOP/s on the cpu backend. One kernel per transpose combination because gpu.js
 * indexes inputs as a[row][col] with the row/col roles fixed in the source.
 */
interface KernelThis {
  thread: { x: number; y: number };
  constants: { k: number; n: number };
}
type Grid = number[][];

function nn(this: KernelThis, a: Grid, b: Grid): number {
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[this.thread.y][q] * b[q][this.thread.x];
  return sum;
}
function tn(this: KernelThis, a: Grid, b: Grid): number {
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[q][this.thread.y] * b[q][this.thread.x];
  return sum;
}
function nt(this: KernelThis, a: Grid, b: Grid): number {
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[this.thread.y][q] * b[this.thread.x][q];
  return sum;
}

/** Row-major C as one flat output: GL backends cap each texture side (16384 here), and conv1 has 25,088 rows. */
function nnFlat(this: KernelThis, a: Grid, b: Grid): number {
  const i = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - i * this.constants.n;
  let sum = 0;
  for (let q = 0; q < this.constants.k; q++) sum += a[i][q] * b[q][j];
  return sum;
}

function kernelSource(shape: GemmShape, flat: boolean): typeof nn {
  if (shape.transposeA && shape.transposeB) throw new Error('no Aᵀ·Bᵀ product in the CNN');
  if (flat) {
    if (shape.transposeA || shape.transposeB) throw new Error('flat output is only written for A·B');
    return nnFlat;
  }
  return shape.transposeA ? tn : shape.transposeB ? nt : nn;
}

/** gpu.js' `input()`; its typings declare it only as a type and want number[] where typed arrays work. */
export function flatInput(values: Float32Array, dims: [number, number]): Input {
  return new Input(values as unknown as number[], dims);
}

export interface GpujsGemm {
  kernel: IKernelRunShortcut;
  /** Runs once with the given operands; resolves to C as one flat array. */
  run(a: Float32Array, b: Float32Array): Promise<Float32Array>;
}

function flatten(result: unknown, m: number, n: number): Float32Array {
  if (result instanceof Float32Array) return result;
  const rows = result as ArrayLike<number>[];
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) out.set(rows[i], i * n);
  return out;
}

/** Longest texture side the GL backends get here; taller outputs use the flat kernel. */
const MAX_TEXTURE_SIDE = 16384;

export function createGpujsGemm(gpu: GPU, shape: GemmShape, settings: Record<string, unknown> = {}): GpujsGemm {
  const { m, n, k } = shape;
  const flat = m > MAX_TEXTURE_SIDE;
  // loopMaxIterations is a documented setting missing from gpu.js' typings.
  const kernelSettings = {
    output: flat ? [m * n] : [n, m],
    constants: { k, n },
    loopMaxIterations: k,
    precision: 'single',
    ...settings,
  };
  const kernel = gpu.createKernel(
    kernelSource(shape, flat) as unknown as KernelFunction,
    kernelSettings as IGPUKernelSettings,
  ) as IKernelRunShortcut;
  const aDims: [number, number] = shape.transposeA ? [m, k] : [k, m];
  const bDims: [number, number] = shape.transposeB ? [k, n] : [n, k];
  return {
    kernel,
    run: async (a, b) => flatten(await kernel(flatInput(a, aDims), flatInput(b, bDims)), m, n),
  };
}
