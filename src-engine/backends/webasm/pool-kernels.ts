import { WINDOW_PARAMS } from './col2im-kernel';
import type { Body, ModuleWriter } from './wasm-writer';

/**
 * Max pooling in wasm, NHWC, with the geometry parameters of im2col (kH, kW = the pool size).
 * max_pool(x, y, ...geometry, rowStart, rowEnd): output cells [rowStart, rowEnd), four channels per
 * f32x4 with pmax (a NaN never wins, like the reference's strict `>` from −∞).
 * max_pool_grad(dy, x, dx, ...geometry, imageStart, imageEnd): adds dy to the first maximum of each
 * window in row-major order (strict `>`, the reference's and TF's rule) into dx, zeroed by the caller;
 * split by image because overlapping windows of one image may route to the same cell.
 * Padded cells are never candidates: the window is clipped to the image.
 */
type WindowParam = (typeof WINDOW_PARAMS)[number];

function params(first: number): Record<WindowParam, number> {
  return Object.fromEntries(WINDOW_PARAMS.map((name, i) => [name, first + i])) as Record<WindowParam, number>;
}

interface Cell {
  b: number;
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** For output cell r: its image and the clipped window rows [y0, y1) and columns [x0, x1). */
function emitCell(f: Body, p: Record<WindowParam, number>, r: number, hw: number): Cell {
  const [b, rem, t] = [f.local('i32'), f.local('i32'), f.local('i32')];
  const cell: Cell = { b, y0: f.local('i32'), y1: f.local('i32'), x0: f.local('i32'), x1: f.local('i32') };
  f.get(r).get(hw).i32DivU().set(b);
  f.get(r).get(hw).i32RemU().set(rem);
  const clip = (lo: number, hi: number, out: number, stride: number, pad: number, k: number, size: number) => {
    f.get(out).get(stride).i32Mul().get(pad).i32Sub().set(t);
    f.get(t).i32(0).get(t).i32(0).i32GtS().select().set(lo);
    f.get(t).get(k).i32Add().tee(hi).get(size).get(hi).get(size).i32LtS().select().set(hi);
  };
  const oy = f.local('i32');
  const ox = f.local('i32');
  f.get(rem).get(p.outW).i32DivU().set(oy);
  f.get(rem).get(p.outW).i32RemU().set(ox);
  clip(cell.y0, cell.y1, oy, p.strideH, p.padTop, p.kH, p.inH);
  clip(cell.x0, cell.x1, ox, p.strideW, p.padLeft, p.kW, p.inW);
  return cell;
}

/** Runs `body` for every pixel (iy, ix) of the cell's clipped window, row by row. */
function emitWindow(f: Body, cell: Cell, iy: number, ix: number, body: () => void): void {
  f.forRange(
    iy,
    (g) => g.get(cell.y0),
    (g) => g.get(cell.y1),
    () =>
      f.forRange(
        ix,
        (g) => g.get(cell.x0),
        (g) => g.get(cell.x1),
        body,
      ),
  );
}

/** Byte offset of channel `ch` of pixel (b, iy, ix) in the tensor at `base`. */
function pixel(
  f: Body,
  p: Record<WindowParam, number>,
  base: number,
  cell: Cell,
  iy: number,
  ix: number,
  ch: number,
): Body {
  return f
    .get(base)
    .get(cell.b)
    .get(p.inH)
    .i32Mul()
    .get(iy)
    .i32Add()
    .get(p.inW)
    .i32Mul()
    .get(ix)
    .i32Add()
    .get(p.c)
    .i32Mul()
    .get(ch)
    .i32Add()
    .i32(2)
    .i32Shl()
    .i32Add();
}

function emitMaxPool(writer: ModuleWriter): void {
  const f = writer.addFunction(
    'max_pool',
    Array.from({ length: 2 + WINDOW_PARAMS.length + 2 }, () => 'i32' as const),
    [],
  );
  const p = params(2);
  const [rowStart, rowEnd] = [2 + WINDOW_PARAMS.length, 3 + WINDOW_PARAMS.length];
  const [r, hw, ch, iy, ix, dst] = Array.from({ length: 6 }, () => f.local('i32'));
  const acc = f.local('v128');
  const best = f.local('f32');
  f.get(p.outH).get(p.outW).i32Mul().set(hw);
  f.forRange(
    r,
    (g) => g.get(rowStart),
    (g) => g.get(rowEnd),
    () => {
      const cell = emitCell(f, p, r, hw);
      f.get(1).get(r).get(p.c).i32Mul().i32(2).i32Shl().i32Add().set(dst);
      const window = (body: () => void) => emitWindow(f, cell, iy, ix, body);
      f.simdRange(
        ch,
        (g) => g.i32(0),
        (g) => g.get(p.c),
        () => {
          f.v128F32(-Infinity).set(acc);
          window(() => {
            f.get(acc);
            pixel(f, p, 0, cell, iy, ix, ch).v128Load().f32x4Pmax().set(acc);
          });
          f.get(dst).get(ch).i32(2).i32Shl().i32Add().get(acc).v128Store();
        },
        () => {
          f.f32(-Infinity).set(best);
          window(() => {
            pixel(f, p, 0, cell, iy, ix, ch).f32Load().get(best);
            pixel(f, p, 0, cell, iy, ix, ch).f32Load().get(best).f32Gt().select().set(best);
          });
          f.get(dst).get(ch).i32(2).i32Shl().i32Add().get(best).f32Store();
        },
      );
    },
  );
}

function emitMaxPoolGrad(writer: ModuleWriter): void {
  const f = writer.addFunction(
    'max_pool_grad',
    Array.from({ length: 3 + WINDOW_PARAMS.length + 2 }, () => 'i32' as const),
    [],
  );
  const p = params(3);
  const [imageStart, imageEnd] = [3 + WINDOW_PARAMS.length, 4 + WINDOW_PARAMS.length];
  const [r, hw, ch, iy, ix, at, arg, target] = Array.from({ length: 8 }, () => f.local('i32'));
  const [best, v] = [f.local('f32'), f.local('f32')];
  const [bestV, argV, valueV, mask] = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  f.get(p.outH).get(p.outW).i32Mul().set(hw);
  /** dx[winner] += dy[r, ch + lane]; dx sits at the same offset from its base as the winner from x's. */
  const route = (winner: () => void, laneOffset: number) => {
    winner();
    f.get(1).i32Sub().get(2).i32Add().set(target);
    f.get(target).get(target).f32Load();
    f.get(0)
      .get(r)
      .get(p.c)
      .i32Mul()
      .get(ch)
      .i32Add()
      .i32(2)
      .i32Shl()
      .i32Add()
      .f32Load(laneOffset * 4);
    f.f32Add().f32Store();
  };
  f.forRange(
    r,
    (g) => g.get(imageStart).get(hw).i32Mul(),
    (g) => g.get(imageEnd).get(hw).i32Mul(),
    () => {
      const cell = emitCell(f, p, r, hw);
      const window = (body: () => void) => emitWindow(f, cell, iy, ix, body);
      f.simdRange(
        ch,
        (g) => g.i32(0),
        (g) => g.get(p.c),
        () => {
          // Four channels at once: per lane the running maximum and the address of the pixel that holds it.
          pixel(f, p, 1, cell, cell.y0, cell.x0, ch).tee(arg).v128Load().set(bestV);
          f.get(arg).i32x4Splat().set(argV);
          window(() => {
            pixel(f, p, 1, cell, iy, ix, ch).tee(at).v128Load().tee(valueV).get(bestV).f32x4Gt().set(mask);
            f.get(valueV).get(bestV).get(mask).v128Bitselect().set(bestV);
            f.get(at).i32x4Splat().get(argV).get(mask).v128Bitselect().set(argV);
          });
          for (let l = 0; l < 4; l++)
            route(
              () =>
                f
                  .get(argV)
                  .i32x4ExtractLane(l)
                  .i32(l * 4)
                  .i32Add(),
              l,
            );
        },
        () => {
          pixel(f, p, 1, cell, cell.y0, cell.x0, ch).tee(arg).f32Load().set(best);
          window(() => {
            pixel(f, p, 1, cell, iy, ix, ch).tee(at).f32Load().tee(v).get(best).f32Gt().if();
            f.get(v).set(best).get(at).set(arg);
            f.end();
          });
          route(() => f.get(arg), 0);
        },
      );
    },
  );
}

export const POOL_EXPORTS = ['max_pool', 'max_pool_grad'] as const;

export function emitPooling(writer: ModuleWriter): void {
  emitMaxPool(writer);
  emitMaxPoolGrad(writer);
}
