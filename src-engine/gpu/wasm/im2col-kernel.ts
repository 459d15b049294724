import type { Body, ModuleWriter } from './wasm-writer';

/**
 * im2col and its adjoint as wasm, for NHWC tensors (the TypeScript twins are in webasm/im2col.ts).
 * Row r = (b, oy, ox) of cols holds the kH × kW × C input patch under output cell (oy, ox), zeros over
 * the padding. Channels move four at a time (f32x4) with a scalar tail, so C = 1 (a first layer on
 * grey images) and C = 8 both run without a per-element branch.
 *
 * im2col(x, cols, ...geometry, rowStart, rowEnd) writes rows [rowStart, rowEnd) of cols.
 * col2im(cols, dx, ...geometry, imageStart, imageEnd) adds the rows of images [imageStart, imageEnd)
 * into dx (zeroed by the caller); splitting by image keeps threads off each other's dx.
 */
export const WINDOW_PARAMS = ['inH', 'inW', 'c', 'kH', 'kW', 'strideH', 'strideW', 'padTop', 'padLeft', 'outH', 'outW'] as const;

type WindowParam = (typeof WINDOW_PARAMS)[number];

interface Frame {
  p: Record<WindowParam, number>;
  rowStart: number;
  rowEnd: number;
}

function frame(first: number): Frame {
  const p = Object.fromEntries(WINDOW_PARAMS.map((name, i) => [name, first + i])) as Record<WindowParam, number>;
  return { p, rowStart: first + WINDOW_PARAMS.length, rowEnd: first + WINDOW_PARAMS.length + 1 };
}

const PARAM_TYPES = ['i32', 'i32', ...WINDOW_PARAMS.map(() => 'i32' as const), 'i32', 'i32'] as const;

/**
 * Walks output rows [from, to) and, for each (ky, kx) of the window, calls `inside` with the byte offset
 * of the patch's C values in `cols` and of the input pixel in `x`, or `outside` for padding.
 */
function emitPatchWalk(
  f: Body,
  params: Frame,
  xParam: number,
  colsParam: number,
  rows: { from: (f: Body) => void; to: (f: Body) => void },
  inside: (o: number, src: number) => void,
  outside: (o: number) => void,
): void {
  const { p } = params;
  const [r, b, rem, oy, ox, ky, kx, iy, ix, o, src, hw, rowBytes] = Array.from({ length: 13 }, () => f.local('i32'));
  f.get(p.outH).get(p.outW).i32Mul().set(hw);
  f.get(p.kH).get(p.kW).i32Mul().get(p.c).i32Mul().i32(2).i32Shl().set(rowBytes);
  f.forRange(r, rows.from, rows.to, () => {
    f.get(r).get(hw).i32DivU().set(b);
    f.get(r).get(hw).i32RemU().set(rem);
    f.get(rem).get(p.outW).i32DivU().set(oy);
    f.get(rem).get(p.outW).i32RemU().set(ox);
    f.get(colsParam).get(r).get(rowBytes).i32Mul().i32Add().set(o);
    f.forRange(ky, (g) => g.i32(0), (g) => g.get(p.kH), () => {
      f.get(oy).get(p.strideH).i32Mul().get(p.padTop).i32Sub().get(ky).i32Add().set(iy);
      f.forRange(kx, (g) => g.i32(0), (g) => g.get(p.kW), () => {
        f.get(ox).get(p.strideW).i32Mul().get(p.padLeft).i32Sub().get(kx).i32Add().set(ix);
        f.get(iy).get(p.inH).i32LtU().get(ix).get(p.inW).i32LtU().i32And().if();
        f.get(xParam).get(b).get(p.inH).i32Mul().get(iy).i32Add().get(p.inW).i32Mul().get(ix).i32Add().get(p.c).i32Mul().i32(2).i32Shl().i32Add().set(src);
        inside(o, src);
        f.else();
        outside(o);
        f.end();
        f.get(o).get(p.c).i32(2).i32Shl().i32Add().set(o);
      });
    });
  });
}

/** Emits `for ch in channels: op(dst + 4ch, src + 4ch)` four lanes at a time, then the scalar tail. */
function emitChannels(f: Body, c: number, ch: number, vector: () => void, scalar: () => void): void {
  f.i32(0).set(ch);
  f.block().loop();
  f.get(ch).i32(4).i32Add().get(c).i32GtS().brIf(1);
  vector();
  f.get(ch).i32(4).i32Add().set(ch);
  f.br(0);
  f.end().end();
  f.forRange(ch, (g) => g.get(ch), (g) => g.get(c), scalar);
}

export function emitIm2col(writer: ModuleWriter): void {
  const f = writer.addFunction('im2col', [...PARAM_TYPES], []);
  const params = frame(2);
  const ch = f.local('i32');
  const at = (base: number) => f.get(base).get(ch).i32(2).i32Shl().i32Add();
  emitPatchWalk(
    f,
    params,
    0,
    1,
    { from: (g) => g.get(params.rowStart), to: (g) => g.get(params.rowEnd) },
    (o, src) =>
      emitChannels(
        f,
        params.p.c,
        ch,
        () => at(o).get(src).get(ch).i32(2).i32Shl().i32Add().v128Load().v128Store(),
        () => at(o).get(src).get(ch).i32(2).i32Shl().i32Add().f32Load().f32Store(),
      ),
    (o) =>
      emitChannels(
        f,
        params.p.c,
        ch,
        () => at(o).v128Zero().v128Store(),
        () => at(o).f32(0).f32Store(),
      ),
  );
}

export function emitCol2im(writer: ModuleWriter): void {
  const f = writer.addFunction('col2im', [...PARAM_TYPES], []);
  const params = frame(2);
  const ch = f.local('i32');
  const hw = f.local('i32');
  const { p } = params;
  const dst = (src: number) => f.get(src).get(ch).i32(2).i32Shl().i32Add();
  const from = (o: number) => f.get(o).get(ch).i32(2).i32Shl().i32Add();
  f.get(p.outH).get(p.outW).i32Mul().set(hw);
  emitPatchWalk(
    f,
    params,
    1,
    0,
    { from: (g) => g.get(params.rowStart).get(hw).i32Mul(), to: (g) => g.get(params.rowEnd).get(hw).i32Mul() },
    (o, src) =>
      emitChannels(
        f,
        p.c,
        ch,
        () => {
          dst(src);
          dst(src).v128Load();
          from(o).v128Load();
          f.f32x4Add().v128Store();
        },
        () => {
          dst(src);
          dst(src).f32Load();
          from(o).f32Load();
          f.f32Add().f32Store();
        },
      ),
    () => undefined,
  );
}
