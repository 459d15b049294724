import type { KernelImpl } from '../contracts';
import { expectRank, formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const matMul: KernelImpl<'MatMul', FloatTensor> = ([a, b], { transposeA, transposeB }) => {
  expectRank('MatMul', 'a', a, 2);
  expectRank('MatMul', 'b', b, 2);
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== kb) {
    throw new Error(
      `MatMul: inner dimensions differ: a ${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} × b ${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`,
    );
  }
  const A = a.values;
  const B = b.values;
  const c = new Float64Array(m * n);
  // Each branch keeps the innermost loop contiguous in memory.
  if (!transposeB) {
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? A[p * m + i] : A[i * k + p];
        if (av === 0) continue;
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += av * B[bRow + j];
      }
    }
  } else if (!transposeA) {
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[aRow + p] * B[bRow + p];
        c[i * n + j] = s;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[p * m + i] * B[bRow + p];
        c[i * n + j] = s;
      }
    }
  }
  return [fromAccumulator([m, n], A, c)];
};
