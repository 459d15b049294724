/**
 * The matrix products of one training step of the tutorial CNN at batch 32 (28×28×1 → Conv2D 8@5×5
 * same → MaxPool 2 → Conv2D 32@5×5 same → MaxPool 2 → Dense 64 → Dense 10), convolutions as im2col
 * GEMMs. C[m, n] = op(A) · op(B); transposeA means A is stored [k, m], transposeB that B is stored [n, k].
 * conv1's input gradient is not needed (it is the model input).
 */
export interface GemmShape {
  name: string;
  pass: 'forward' | 'backward';
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
}

const BATCH = 32;

export const CNN_GEMM_SHAPES: readonly GemmShape[] = [
  { name: 'conv1 forward  cols·W', pass: 'forward', m: BATCH * 784, n: 8, k: 25, transposeA: false, transposeB: false },
  {
    name: 'conv2 forward  cols·W',
    pass: 'forward',
    m: BATCH * 196,
    n: 32,
    k: 200,
    transposeA: false,
    transposeB: false,
  },
  { name: 'dense1 forward X·W', pass: 'forward', m: BATCH, n: 64, k: 1568, transposeA: false, transposeB: false },
  { name: 'dense2 forward X·W', pass: 'forward', m: BATCH, n: 10, k: 64, transposeA: false, transposeB: false },
  { name: 'conv1 dW  colsᵀ·dY', pass: 'backward', m: 25, n: 8, k: BATCH * 784, transposeA: true, transposeB: false },
  { name: 'conv2 dW  colsᵀ·dY', pass: 'backward', m: 200, n: 32, k: BATCH * 196, transposeA: true, transposeB: false },
  { name: 'conv2 dCols dY·Wᵀ', pass: 'backward', m: BATCH * 196, n: 200, k: 32, transposeA: false, transposeB: true },
  { name: 'dense1 dW  Xᵀ·dY', pass: 'backward', m: 1568, n: 64, k: BATCH, transposeA: true, transposeB: false },
  { name: 'dense1 dX  dY·Wᵀ', pass: 'backward', m: BATCH, n: 1568, k: 64, transposeA: false, transposeB: true },
  { name: 'dense2 dW  Xᵀ·dY', pass: 'backward', m: 64, n: 10, k: BATCH, transposeA: true, transposeB: false },
  { name: 'dense2 dX  dY·Wᵀ', pass: 'backward', m: BATCH, n: 64, k: 10, transposeA: false, transposeB: true },
];

export function flopsOf(shape: GemmShape): number {
  return 2 * shape.m * shape.n * shape.k;
}
