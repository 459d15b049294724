import type { Body, ModuleWriter } from './wasm-writer';

/**
 * col2im as wasm, for NHWC tensors (its TypeScript twin is in webasm/im2col.ts): the input gradient of
 * a strided convolution adds each row of dcols — the kH × kW × C patch gradient of output cell
 * (b, oy, ox) — back onto the input pixels under the window; cells in the padding are dropped. For one
 * (r, ky) the patch's kW × C values map to contiguous input (one row, kW neighbouring pixels), clipped
 * at the image's left and right edges, so each (r, ky) is one run added four floats at a time (f32x4)
 * with a scalar tail, whatever C is.
 *
 * col2im(cols, dx, ...geometry, imageStart, imageEnd) adds the rows of images [imageStart, imageEnd)
 * into dx (zeroed by the caller); splitting by image keeps threads off each other's dx.
 *
 * The window geometry parameters are shared with the pooling kernels.
 */
export const WINDOW_PARAMS = [
  'inH',
  'inW',
  'c',
  'kH',
  'kW',
  'strideH',
  'strideW',
  'padTop',
  'padLeft',
  'outH',
  'outW',
] as const;

type WindowParam = (typeof WINDOW_PARAMS)[number];
const P = Object.fromEntries(WINDOW_PARAMS.map((name, i) => [name, 2 + i])) as Record<WindowParam, number>;
const RANGE_START = 2 + WINDOW_PARAMS.length;
const RANGE_END = RANGE_START + 1;
const PARAM_TYPES = Array.from({ length: RANGE_END + 1 }, () => 'i32' as const);

/** Emits `n` (a local, in floats) elements of `op(dst + 4i, src + 4i)`, four lanes at a time, then the tail. */
function emitRun(f: Body, i: number, n: number, vector: (i: number) => void, scalar: (i: number) => void): void {
  f.i32(0).set(i);
  f.block().loop();
  f.get(i).i32(4).i32Add().get(n).i32GtS().brIf(1);
  vector(i);
  f.get(i).i32(4).i32Add().set(i);
  f.br(0);
  f.end().end();
  f.forRange(
    i,
    (g) => g.get(i),
    (g) => g.get(n),
    () => scalar(i),
  );
}

interface Run {
  /** Byte offset of the patch row's first value in cols (the kx = 0 cell). */
  o: number;
  /** Byte offset in x of pixel (iy, ix0) where ix0 is the window's first column (may lie in the padding). */
  src: number;
  /** Floats before the first column inside the image, and floats of the part inside. */
  head: number;
  body: number;
  /** Floats of the whole patch row (kW·C). */
  width: number;
}

/**
 * Walks rows [from, to) of cols and the kH patch rows of each, calling `row` with the run geometry when
 * the input row iy exists (rows in the padding are skipped).
 */
function emitPatchRows(
  f: Body,
  xParam: number,
  colsParam: number,
  from: (g: Body) => void,
  to: (g: Body) => void,
  row: (run: Run) => void,
): void {
  const [r, b, rem, oy, ox, ky, iy, ix0, lo, hi, hw, rowBytes, pixelBytes] = Array.from({ length: 13 }, () =>
    f.local('i32'),
  );
  const run: Run = {
    o: f.local('i32'),
    src: f.local('i32'),
    head: f.local('i32'),
    body: f.local('i32'),
    width: f.local('i32'),
  };
  f.get(P.outH).get(P.outW).i32Mul().set(hw);
  f.get(P.kW).get(P.c).i32Mul().set(run.width);
  f.get(P.kH).get(run.width).i32Mul().i32(2).i32Shl().set(rowBytes);
  f.get(P.c).i32(2).i32Shl().set(pixelBytes);
  f.forRange(r, from, to, () => {
    f.get(r).get(hw).i32DivU().set(b);
    f.get(r).get(hw).i32RemU().set(rem);
    f.get(rem).get(P.outW).i32DivU().set(oy);
    f.get(rem).get(P.outW).i32RemU().set(ox);
    // Columns of the window inside the image: kx in [lo, hi).
    f.get(ox).get(P.strideW).i32Mul().get(P.padLeft).i32Sub().set(ix0);
    f.i32(0).get(ix0).i32Sub().tee(lo).i32(0).get(lo).i32(0).i32GtS().select().set(lo);
    f.get(P.inW).get(ix0).i32Sub().tee(hi).get(P.kW).get(hi).get(P.kW).i32LtS().select().set(hi);
    f.get(hi).get(lo).get(hi).get(lo).i32GtS().select().set(hi);
    f.get(lo).get(P.c).i32Mul().set(run.head);
    f.get(hi).get(lo).i32Sub().get(P.c).i32Mul().set(run.body);
    f.get(colsParam).get(r).get(rowBytes).i32Mul().i32Add().set(run.o);
    f.forRange(
      ky,
      (g) => g.i32(0),
      (g) => g.get(P.kH),
      () => {
        f.get(oy).get(P.strideH).i32Mul().get(P.padTop).i32Sub().get(ky).i32Add().set(iy);
        f.get(iy).get(P.inH).i32LtU().if();
        f.get(xParam)
          .get(b)
          .get(P.inH)
          .i32Mul()
          .get(iy)
          .i32Add()
          .get(P.inW)
          .i32Mul()
          .get(ix0)
          .i32Add()
          .get(pixelBytes)
          .i32Mul()
          .i32Add()
          .set(run.src);
        row(run);
        f.end();
        f.get(run.o).get(run.width).i32(2).i32Shl().i32Add().set(run.o);
      },
    );
  });
}

const offset = (f: Body, base: number, i: number, extra?: number) => {
  f.get(base).get(i);
  if (extra !== undefined) f.get(extra).i32Add();
  return f.i32(2).i32Shl().i32Add();
};

export function emitCol2im(writer: ModuleWriter): void {
  const f = writer.addFunction('col2im', PARAM_TYPES, []);
  const i = f.local('i32');
  const hw = f.local('i32');
  f.get(P.outH).get(P.outW).i32Mul().set(hw);
  emitPatchRows(
    f,
    1,
    0,
    (g) => g.get(RANGE_START).get(hw).i32Mul(),
    (g) => g.get(RANGE_END).get(hw).i32Mul(),
    (run) =>
      emitRun(
        f,
        i,
        run.body,
        (k) => {
          offset(f, run.src, k, run.head);
          offset(f, run.src, k, run.head).v128Load();
          offset(f, run.o, k, run.head).v128Load();
          f.f32x4Add().v128Store();
        },
        (k) => {
          offset(f, run.src, k, run.head);
          offset(f, run.src, k, run.head).f32Load();
          offset(f, run.o, k, run.head).f32Load();
          f.f32Add().f32Store();
        },
      ),
  );
}
