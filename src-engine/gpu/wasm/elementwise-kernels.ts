import type { Body, ModuleWriter } from './wasm-writer';

/**
 * Element-wise kernels in wasm SIMD: each covers [start, end) of its range so the thread pool can split
 * it. ReLU uses pmax(0, x) and its gradient a `x > 0` mask, so a NaN gives 0 and blocks its gradient,
 * exactly as the reference's `x > 0 ? x : 0`.
 */
const at = (f: Body, base: number, i: number) => f.get(base).get(i).i32(2).i32Shl().i32Add();

/** relu(x, y, start, end) */
function emitRelu(writer: ModuleWriter): void {
  const f = writer.addFunction('relu', ['i32', 'i32', 'i32', 'i32'], []);
  const i = f.local('i32');
  f.simdRange(
    i,
    (g) => g.get(2),
    (g) => g.get(3),
    () => {
      at(f, 1, i).v128Zero();
      at(f, 0, i).v128Load().f32x4Pmax().v128Store();
    },
    () => {
      at(f, 1, i);
      at(f, 0, i).f32Load().f32(0);
      at(f, 0, i).f32Load().f32(0).f32Gt().select().f32Store();
    },
  );
}

/** relu_grad(dy, x, dx, start, end): dx = x > 0 ? dy : 0 */
function emitReluGrad(writer: ModuleWriter): void {
  const f = writer.addFunction('relu_grad', ['i32', 'i32', 'i32', 'i32', 'i32'], []);
  const i = f.local('i32');
  f.simdRange(
    i,
    (g) => g.get(3),
    (g) => g.get(4),
    () => {
      at(f, 2, i);
      at(f, 0, i).v128Load();
      at(f, 1, i).v128Load().v128Zero().f32x4Gt().v128And().v128Store();
    },
    () => {
      at(f, 2, i);
      at(f, 0, i).f32Load().f32(0);
      at(f, 1, i).f32Load().f32(0).f32Gt().select().f32Store();
    },
  );
}

/** bias_add(x, bias, y, c, rowStart, rowEnd): y[r, j] = x[r, j] + bias[j] for rows r of length c */
function emitBiasAdd(writer: ModuleWriter): void {
  const f = writer.addFunction('bias_add', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const [r, j, xr, yr] = [f.local('i32'), f.local('i32'), f.local('i32'), f.local('i32')];
  f.forRange(r, (g) => g.get(4), (g) => g.get(5), () => {
    f.get(r).get(3).i32Mul().i32(2).i32Shl().tee(xr).get(2).i32Add().set(yr);
    f.get(xr).get(0).i32Add().set(xr);
    f.simdRange(
      j,
      (g) => g.i32(0),
      (g) => g.get(3),
      () => {
        at(f, yr, j);
        at(f, xr, j).v128Load();
        at(f, 1, j).v128Load().f32x4Add().v128Store();
      },
      () => {
        at(f, yr, j);
        at(f, xr, j).f32Load();
        at(f, 1, j).f32Load().f32Add().f32Store();
      },
    );
  });
}

export const ELEMENTWISE_EXPORTS = ['relu', 'relu_grad', 'bias_add'] as const;

export function emitElementwise(writer: ModuleWriter): void {
  emitRelu(writer);
  emitReluGrad(writer);
  emitBiasAdd(writer);
}
