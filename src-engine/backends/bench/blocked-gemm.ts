/**
 * C[m, n] (+)= op(A) · op(B) in plain TypeScript, shaped for V8: four rows of C at a time share each
 * load of a B row, inner loops run over contiguous memory, and K is blocked so a block of B stays in
 * cache. Layouts and transposes as in webasm/gemm.ts (A [m, k] or [k, m]; B [k, n] or [n, k]).
 */
export interface TsGemmCall {
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
  m: number;
  n: number;
  k: number;
  transposeA?: boolean;
  transposeB?: boolean;
  accumulate?: boolean;
}

const K_BLOCK = 256;

function transposed(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

export function blockedGemm(call: TsGemmCall): void {
  const { m, n, k, c } = call;
  const a = call.a;
  const b = call.transposeB ? transposed(call.b, n, k) : call.b;
  const si = call.transposeA ? 1 : k;
  const sk = call.transposeA ? m : 1;
  if (!call.accumulate) c.fill(0, 0, m * n);
  for (let k0 = 0; k0 < k; k0 += K_BLOCK) {
    const k1 = Math.min(k, k0 + K_BLOCK);
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const c0 = i * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      for (let q = k0; q < k1; q++) {
        const a0 = a[i * si + q * sk];
        const a1 = a[(i + 1) * si + q * sk];
        const a2 = a[(i + 2) * si + q * sk];
        const a3 = a[(i + 3) * si + q * sk];
        const bq = q * n;
        for (let j = 0; j < n; j++) {
          const bv = b[bq + j];
          c[c0 + j] += a0 * bv;
          c[c1 + j] += a1 * bv;
          c[c2 + j] += a2 * bv;
          c[c3 + j] += a3 * bv;
        }
      }
    }
    for (; i < m; i++) {
      const ci = i * n;
      for (let q = k0; q < k1; q++) {
        const av = a[i * si + q * sk];
        const bq = q * n;
        for (let j = 0; j < n; j++) c[ci + j] += av * b[bq + j];
      }
    }
  }
}
