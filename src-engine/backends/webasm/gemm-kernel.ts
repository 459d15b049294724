import type { Body, ModuleWriter } from './wasm-writer';

/**
 * The GEMM micro-kernel, emitted as WebAssembly SIMD, with A addressed through two offset tables:
 *
 *   C[i, j] (+)= Σ_k A(i, k) · B[k, j],   A(i, k) = f32 at byte address rowOffsets[i] + kOffsets[k]
 *
 * for rows i in [rowStart, rowEnd) and all N columns. The tables make one kernel serve every layout
 * without copying A: row-major A (rowOffsets[i] = a + 4·i·lda, kOffsets[k] = 4k), transposed A
 * (4i and 4k·lda), and a convolution read straight from its (padded) input, with rows = output pixels
 * and k = (ky, kx, channel): the im2col matrix is never written. B is row-major (ldb bytes per row),
 * read eight columns at a time; C is row-major.
 *
 * Tiles of 4 rows × 8 columns keep eight f32x4 accumulators in registers; per k, one table load and
 * four broadcasts (v128.load32_splat) of A against two f32x4 of B. Rows left after the 4-row tiles take
 * a 1 × 8 tile. The last column panel, when N is not a multiple of 8, stores only its valid lanes, so B
 * may be read up to 7 floats past a row's end: WasmArena keeps 32 bytes of slack after every buffer.
 * K is walked in blocks of K_BLOCK so that the block's part of B stays in cache while every row tile
 * passes over it; blocks after the first add to C.
 *
 * Parameters, all i32: rowOffsets, kOffsets (byte addresses of i32 tables), b, ldb, c, ldc (byte
 * strides), n, k, accumulate (0: overwrite C, 1: add to it), rowStart, rowEnd — the range last, as the
 * thread pool expects.
 */
export const GEMM_PARAMS = [
  'rowOffsets',
  'kOffsets',
  'b',
  'ldb',
  'c',
  'ldc',
  'n',
  'k',
  'accumulate',
  'rowStart',
  'rowEnd',
] as const;

export const K_BLOCK = 256;

const P = Object.fromEntries(GEMM_PARAMS.map((name, i) => [name, i])) as Record<(typeof GEMM_PARAMS)[number], number>;

/** Locals shared by the tile loops; kTable, b, k and accumulate are the current K block's. */
interface Locals {
  kTable: number;
  b: number;
  k: number;
  accumulate: number;
  i: number;
  j: number;
  kk: number;
  pk: number;
  pb: number;
  pc: number;
  off: number;
  b0: number;
  b1: number;
  av: number;
  tmp: number;
}

function emitStores(f: Body, l: Locals, acc: number[][]): void {
  f.get(l.j).i32(8).i32Add().get(P.n).i32GtS().i32Eqz().if(); // a full panel of 8 columns
  acc.forEach(([lo, hi], r) => {
    f.get(l.accumulate).if();
    f.get(lo).get(l.pc).v128Load(0).f32x4Add().set(lo);
    f.get(hi).get(l.pc).v128Load(16).f32x4Add().set(hi);
    f.end();
    f.get(l.pc).get(lo).v128Store(0);
    f.get(l.pc).get(hi).v128Store(16);
    if (r < acc.length - 1) f.get(l.pc).get(P.ldc).i32Add().set(l.pc);
  });
  f.else(); // the last, partial panel: lane by lane
  acc.forEach(([lo, hi], r) => {
    for (let lane = 0; lane < 8; lane++) {
      f.get(l.j).i32(lane).i32Add().get(P.n).i32LtS().if();
      f.get(lane < 4 ? lo : hi)
        .f32x4ExtractLane(lane % 4)
        .set(l.tmp);
      f.get(l.accumulate)
        .if()
        .get(l.tmp)
        .get(l.pc)
        .f32Load(lane * 4)
        .f32Add()
        .set(l.tmp)
        .end();
      f.get(l.pc)
        .get(l.tmp)
        .f32Store(lane * 4);
      f.end();
    }
    if (r < acc.length - 1) f.get(l.pc).get(P.ldc).i32Add().set(l.pc);
  });
  f.end();
}

/** Emits the loop over row tiles of `rows` rows, from local i until fewer than `rows` rows remain. */
function emitRowTiles(f: Body, rows: number, l: Locals): void {
  const acc = Array.from({ length: rows }, () => [f.local('v128'), f.local('v128')]);
  const pa = Array.from({ length: rows }, () => f.local('i32'));

  f.block().loop(); // rows
  f.get(l.i).i32(rows).i32Add().get(P.rowEnd).i32GtS().brIf(1);
  pa.forEach((p, r) => {
    f.get(P.rowOffsets)
      .get(l.i)
      .i32(2)
      .i32Shl()
      .i32Add()
      .i32Load(r * 4)
      .set(p);
  });
  f.i32(0).set(l.j);
  f.block().loop(); // column panels
  f.get(l.j).get(P.n).i32GeS().brIf(1);

  for (const [lo, hi] of acc) {
    f.v128Zero().set(lo);
    f.v128Zero().set(hi);
  }
  f.get(l.b).get(l.j).i32(2).i32Shl().i32Add().set(l.pb);
  f.get(l.kTable).set(l.pk);
  f.get(l.k).set(l.kk);

  f.loop(); // k, at least once
  f.get(l.pk).i32Load().set(l.off);
  f.get(l.pb).v128Load(0).set(l.b0);
  f.get(l.pb).v128Load(16).set(l.b1);
  pa.forEach((p, r) => {
    const [lo, hi] = acc[r];
    f.get(p).get(l.off).i32Add().v128Load32Splat().set(l.av);
    f.get(lo).get(l.av).get(l.b0).f32x4Mul().f32x4Add().set(lo);
    f.get(hi).get(l.av).get(l.b1).f32x4Mul().f32x4Add().set(hi);
  });
  f.get(l.pk).i32(4).i32Add().set(l.pk);
  f.get(l.pb).get(P.ldb).i32Add().set(l.pb);
  f.get(l.kk).i32(1).i32Sub().tee(l.kk).brIf(0);
  f.end();

  f.get(P.c).get(l.i).get(P.ldc).i32Mul().i32Add().get(l.j).i32(2).i32Shl().i32Add().set(l.pc);
  emitStores(f, l, acc);

  f.get(l.j).i32(8).i32Add().set(l.j);
  f.br(0);
  f.end().end(); // column panels
  f.get(l.i).i32(rows).i32Add().set(l.i);
  f.br(0);
  f.end().end(); // rows
}

export function emitGemm(writer: ModuleWriter, exportName = 'gemm'): void {
  const f = writer.addFunction(
    exportName,
    GEMM_PARAMS.map(() => 'i32'),
    [],
  );
  const l: Locals = {
    kTable: f.local('i32'),
    b: f.local('i32'),
    k: f.local('i32'),
    accumulate: f.local('i32'),
    i: f.local('i32'),
    j: f.local('i32'),
    kk: f.local('i32'),
    pk: f.local('i32'),
    pb: f.local('i32'),
    pc: f.local('i32'),
    off: f.local('i32'),
    b0: f.local('v128'),
    b1: f.local('v128'),
    av: f.local('v128'),
    tmp: f.local('f32'),
  };
  const k0 = f.local('i32');
  f.block().loop(); // K blocks
  f.get(k0).get(P.k).i32GeS().brIf(1);
  f.i32(K_BLOCK).get(P.k).get(k0).i32Sub().tee(l.k).get(l.k).i32(K_BLOCK).i32GtS().select().set(l.k);
  f.get(P.kOffsets).get(k0).i32(2).i32Shl().i32Add().set(l.kTable);
  f.get(P.b).get(k0).get(P.ldb).i32Mul().i32Add().set(l.b);
  f.get(P.accumulate).get(k0).i32Or().set(l.accumulate);
  f.get(P.rowStart).set(l.i);
  emitRowTiles(f, 4, l);
  emitRowTiles(f, 1, l);
  f.get(k0).i32(K_BLOCK).i32Add().set(k0);
  f.br(0);
  f.end().end();
}
