import { afterAll, describe, expect, it } from 'vitest';
import { blockedGemm } from '../bench/blocked-gemm';
import { K_BLOCK } from './gemm-kernel';
import { createWasmRuntime, type WasmRuntime } from './wasm-runtime';

interface Case {
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** Shapes that hit every path: 4-row and 1-row tiles, full and partial 8-column panels, several K blocks. */
const CASES: Case[] = [
  { m: 7, n: 10, k: 5, transposeA: false, transposeB: false },
  { m: 13, n: 8, k: 2 * K_BLOCK + 37, transposeA: true, transposeB: false },
  { m: 33, n: 19, k: 37, transposeA: false, transposeB: true },
  { m: 64, n: 64, k: 3 * K_BLOCK, transposeA: true, transposeB: true },
  { m: 5, n: 3, k: 1, transposeA: false, transposeB: false },
  { m: 301, n: 32, k: 200, transposeA: false, transposeB: false },
];

function seeded(size: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

function product(c: Case, a: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(c.m * c.n);
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      let sum = 0;
      for (let q = 0; q < c.k; q++) {
        sum += (c.transposeA ? a[q * c.m + i] : a[i * c.k + q]) * (c.transposeB ? b[j * c.k + q] : b[q * c.n + j]);
      }
      out[i * c.n + j] = sum;
    }
  }
  return out;
}

function maxRelativeError(got: ArrayLike<number>, want: Float64Array, scale = 1): number {
  let worst = 0;
  let size = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - scale * want[i]));
    size = Math.max(size, Math.abs(scale * want[i]));
  }
  return worst / size;
}

describe.each([1, 2])('wasm SIMD GEMM on %i thread(s)', (threads) => {
  let runtime: WasmRuntime;
  afterAll(() => runtime?.destroy());

  it.each(CASES)(
    'matches a float64 product for m=$m n=$n k=$k transposeA=$transposeA transposeB=$transposeB',
    async (c) => {
      runtime ??= await createWasmRuntime(threads);
      const a = seeded(c.m * c.k, c.m + 3 * c.k);
      const b = seeded(c.k * c.n, c.n + 5 * c.k);
      const want = product(c, a, b);
      const { arena } = runtime;
      const mark = arena.mark();
      const pa = arena.upload(a);
      const pb = arena.upload(b);
      const pc = arena.alloc(c.m * c.n);
      const guard = arena.f32(pc + c.m * c.n * 4, 8);
      guard.fill(7);

      runtime.gemm({ ...c, a: pa, b: pb, c: pc });
      expect(maxRelativeError(arena.f32(pc, c.m * c.n), want)).toBeLessThan(1e-5);
      runtime.gemm({ ...c, a: pa, b: pb, c: pc, accumulate: true });
      expect(maxRelativeError(arena.f32(pc, c.m * c.n), want, 2)).toBeLessThan(1e-5);
      expect([...guard]).toEqual(new Array(8).fill(7));
      arena.release(mark);
    },
  );
});

describe('blocked TypeScript GEMM', () => {
  it.each(CASES)('matches a float64 product for m=$m n=$n k=$k transposeA=$transposeA transposeB=$transposeB', (c) => {
    const a = seeded(c.m * c.k, 11 + c.k);
    const b = seeded(c.k * c.n, 13 + c.n);
    const out = new Float32Array(c.m * c.n);
    blockedGemm({ ...c, a, b, c: out });
    expect(maxRelativeError(out, product(c, a, b))).toBeLessThan(1e-5);
    blockedGemm({ ...c, a, b, c: out, accumulate: true });
    expect(maxRelativeError(out, product(c, a, b), 2)).toBeLessThan(1e-5);
  });
});
