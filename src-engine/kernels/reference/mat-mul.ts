import type { KernelImpl } from '../contracts';
import { expectRank, formatShape, fromAccumulator, type FloatTensor } from './tensor';

export const matMul: KernelImpl<'MatMul', FloatTensor> = ([a, b], { transposeA, transposeB }) => {
  expectRank('MatMul', 'a', a, 2);
  expectRank('MatMul', 'b', b, 2);
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : a.shape;
  const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : b.shape;
  if (k !== kb) {
    throw new Error(
      `MatMul: inner dimensions differ: a ${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} × b ` +
        `${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`,
    );
  }
  const A = a.values;
  const B = b.values;
  const c = new Float64Array(m * n);
  // Each branch keeps the innermost loop contiguous and handles four rows of the shared operand per pass.
  const at = transposeA ? (i: number, p: number) => A[p * m + i] : (i: number, p: number) => A[i * k + p];
  if (!transposeB) {
    for (let i = 0; i < m; i++) {
      const cRow = i * n;
      let p = 0;
      for (; p + 4 <= k; p += 4) {
        const a0 = at(i, p);
        const a1 = at(i, p + 1);
        const a2 = at(i, p + 2);
        const a3 = at(i, p + 3);
        if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const r0 = p * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        for (let j = 0; j < n; j++) c[cRow + j] += a0 * B[r0 + j] + a1 * B[r1 + j] + a2 * B[r2 + j] + a3 * B[r3 + j];
      }
      for (; p < k; p++) {
        const av = at(i, p);
        const bRow = p * n;
        for (let j = 0; j < n; j++) c[cRow + j] += av * B[bRow + j];
      }
    }
  } else {
    // c[i, j] = a-row(i) · b-row(j); for Aᵀ the a-row is gathered once into a contiguous buffer.
    const aRow = new Float64Array(k);
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) aRow[p] = at(i, p);
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const r0 = j * k;
        const r1 = r0 + k;
        const r2 = r1 + k;
        const r3 = r2 + k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = 0; p < k; p++) {
          const av = aRow[p];
          s0 += av * B[r0 + p];
          s1 += av * B[r1 + p];
          s2 += av * B[r2 + p];
          s3 += av * B[r3 + p];
        }
        c[i * n + j] = s0;
        c[i * n + j + 1] = s1;
        c[i * n + j + 2] = s2;
        c[i * n + j + 3] = s3;
      }
      for (; j < n; j++) {
        const bRow = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += aRow[p] * B[bRow + p];
        c[i * n + j] = s;
      }
    }
  }
  return [fromAccumulator([m, n], A, c)];
};
