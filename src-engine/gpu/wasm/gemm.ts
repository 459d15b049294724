import type { WasmArena } from './wasm-arena';
import type { WasmThreadPool } from './thread-pool';

/**
 * C[m, n] (+)= op(A) · op(B) on wasm memory, split by rows of C across the pool's threads.
 * A is [m, k] (or [k, m] when transposeA); B is [k, n] (or [n, k] when transposeB). A transposed A is
 * read in place through strides; a transposed B (always a weight matrix here, so small) is first
 * transposed into scratch, because the micro-kernel reads B eight contiguous columns at a time.
 */
export interface GemmCall {
  a: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  transposeA?: boolean;
  transposeB?: boolean;
  accumulate?: boolean;
}

/** Chunks of rows handed to threads: at least this many multiply-adds each, so a wake-up pays off. */
const MIN_CHUNK_WORK = 1 << 17;
/** Chunks per thread, so a thread that starts late or runs slow is balanced by the others. */
const CHUNKS_PER_THREAD = 4;

export function transposeInto(arena: WasmArena, src: number, rows: number, cols: number): number {
  const dst = arena.alloc(rows * cols);
  const s = arena.f32(src, rows * cols);
  const d = arena.f32(dst, rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) d[c * rows + r] = s[r * cols + c];
  }
  return dst;
}

function roundUp4(x: number): number {
  return Math.ceil(x / 4) * 4;
}

/** Rows per chunk for an m × n × k product on `threads` threads. */
export function gemmGrain(m: number, n: number, k: number, threads: number): number {
  const minRows = roundUp4(MIN_CHUNK_WORK / Math.max(1, n * k));
  return Math.max(minRows, roundUp4(m / (threads * CHUNKS_PER_THREAD)));
}

export function gemm(arena: WasmArena, pool: WasmThreadPool, call: GemmCall): void {
  const { m, n, k } = call;
  const mark = arena.mark();
  const b = call.transposeB ? transposeInto(arena, call.b, n, k) : call.b;
  const aStrideI = call.transposeA ? 4 : k * 4;
  const aStrideK = call.transposeA ? m * 4 : 4;
  const args = [call.a, aStrideI, aStrideK, b, n * 4, call.c, n * 4, n, k, call.accumulate ? 1 : 0];
  pool.run('gemm', args, m, gemmGrain(m, n, k, pool.threads));
  arena.release(mark);
}
