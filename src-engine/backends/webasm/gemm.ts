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

/** Rows of the source per chunk of the transpose kernel. */
const TRANSPOSE_GRAIN = 64;

/** A new buffer holding the [rows, cols] matrix at `src` transposed, [cols, rows] (wasm, on the pool). */
export function transposeInto(arena: WasmArena, pool: WasmThreadPool, src: number, rows: number, cols: number): number {
  const dst = arena.alloc(rows * cols);
  pool.run('transpose', [src, dst, rows, cols], rows, TRANSPOSE_GRAIN);
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

/** A product whose A is addressed through offset tables (see gemm-kernel.ts). */
export interface IndirectGemmCall {
  /** Byte address of an i32 table of m byte addresses: where row i of A starts. */
  rowOffsets: number;
  /** Byte address of an i32 table of k byte offsets: where column k sits within a row. */
  kOffsets: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  accumulate?: boolean;
}

export function indirectGemm(pool: WasmThreadPool, call: IndirectGemmCall): void {
  const { m, n, k } = call;
  if (m === 0 || n === 0) return;
  const args = [call.rowOffsets, call.kOffsets, call.b, n * 4, call.c, n * 4, n, k, call.accumulate ? 1 : 0];
  pool.run('gemm', args, m, gemmGrain(m, n, k, pool.threads));
}

/** Fills a new i32 table with start, start + step, start + 2·step, ... (byte addresses). */
export function linearTable(arena: WasmArena, count: number, start: number, step: number): number {
  const ptr = arena.alloc(count);
  const table = arena.i32(ptr, count);
  for (let i = 0; i < count; i++) table[i] = start + i * step;
  return ptr;
}

export function gemm(arena: WasmArena, pool: WasmThreadPool, call: GemmCall): void {
  const { m, n, k } = call;
  const mark = arena.mark();
  const b = call.transposeB ? transposeInto(arena, pool, call.b, n, k) : call.b;
  const rowOffsets = linearTable(arena, m, call.a, call.transposeA ? 4 : k * 4);
  const kOffsets = linearTable(arena, k, 0, call.transposeA ? m * 4 : 4);
  indirectGemm(pool, { rowOffsets, kOffsets, b, c: call.c, m, n, k, accumulate: call.accumulate });
  arena.release(mark);
}
