import type { ModuleWriter } from './wasm-writer';

/**
 * Layout and reduction kernels.
 * transpose(src, dst, rows, cols, rowStart, rowEnd): dst[c, r] = src[r, c] for source rows in the range
 *   (the GEMM wants B row-major, and dx = dy · Wᵀ has a transposed weight as B).
 * column_sums(src, dst, rows, cols, columnStart, columnEnd): dst[c] = Σ_r src[r, c] (BiasAddGrad); each
 *   thread owns whole columns, four at a time (f32x4) with a scalar tail, so there is nothing to merge;
 *   rows are summed in blocks of SUM_BLOCK first (float32 accumulation, the reference uses float64).
 */
export const MATRIX_EXPORTS = ['transpose', 'column_sums'] as const;

function emitTranspose(writer: ModuleWriter): void {
  const f = writer.addFunction('transpose', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const [r, c, from] = [f.local('i32'), f.local('i32'), f.local('i32')];
  f.forRange(
    r,
    (g) => g.get(4),
    (g) => g.get(5),
    () => {
      f.get(0).get(r).get(3).i32Mul().i32(2).i32Shl().i32Add().set(from);
      f.forRange(
        c,
        (g) => g.i32(0),
        (g) => g.get(3),
        () => {
          f.get(1).get(c).get(2).i32Mul().get(r).i32Add().i32(2).i32Shl().i32Add();
          f.get(from).get(c).i32(2).i32Shl().i32Add().f32Load();
          f.f32Store();
        },
      );
    },
  );
}

/** Rows summed into a block total before it joins the running total: float32 error stays near √n·ε. */
const SUM_BLOCK = 64;

function emitColumnSums(writer: ModuleWriter): void {
  const f = writer.addFunction('column_sums', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const [c, r, r0, r1, at, rowBytes] = Array.from({ length: 6 }, () => f.local('i32'));
  const [totalV, blockV] = [f.local('v128'), f.local('v128')];
  const [total, block] = [f.local('f32'), f.local('f32')];
  f.get(3).i32(2).i32Shl().set(rowBytes);
  /** total = Σ over row blocks of (Σ rows in the block), reading column group c through `at`. */
  const sum = (zero: () => void, acc: number, part: number, add: () => void, load: () => void) => {
    zero();
    f.set(acc);
    f.get(0).get(c).i32(2).i32Shl().i32Add().set(at);
    f.forRange(
      r0,
      (g) => g.i32(0),
      (g) => g.get(2),
      () => {
        zero();
        f.set(part);
        f.get(r0).i32(SUM_BLOCK).i32Add().tee(r1).get(2).get(r1).get(2).i32LtS().select().set(r1);
        f.forRange(
          r,
          (g) => g.get(r0),
          (g) => g.get(r1),
          () => {
            f.get(part).get(at);
            load();
            add();
            f.set(part);
            f.get(at).get(rowBytes).i32Add().set(at);
          },
        );
        f.get(acc).get(part);
        add();
        f.set(acc);
      },
      SUM_BLOCK,
    );
  };
  // Whole groups of four columns inside [columnStart, columnEnd), then the leftover columns one by one.
  f.get(4).set(c);
  f.block().loop();
  f.get(c).i32(4).i32Add().get(5).i32GtS().brIf(1);
  sum(
    () => f.v128Zero(),
    totalV,
    blockV,
    () => f.f32x4Add(),
    () => f.v128Load(),
  );
  f.get(1).get(c).i32(2).i32Shl().i32Add().get(totalV).v128Store();
  f.get(c).i32(4).i32Add().set(c);
  f.br(0);
  f.end().end();
  f.forRange(
    c,
    (g) => g.get(c),
    (g) => g.get(5),
    () => {
      sum(
        () => f.f32(0),
        total,
        block,
        () => f.f32Add(),
        () => f.f32Load(),
      );
      f.get(1).get(c).i32(2).i32Shl().i32Add().get(total).f32Store();
    },
  );
}

export function emitMatrixKernels(writer: ModuleWriter): void {
  emitTranspose(writer);
  emitColumnSums(writer);
}
