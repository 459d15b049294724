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
  f.forRange(
    r,
    (g) => g.get(4),
    (g) => g.get(5),
    () => {
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
    },
  );
}

/**
 * adam_update(variable, m, v, grad, alpha, 1 − β1, 1 − β2, ε, start, end), the four scalars as f32 bit
 * patterns: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); variable −= α·m / (√v + ε), in place, in the
 * reference kernel's operation order.
 */
function emitAdamUpdate(writer: ModuleWriter): void {
  const f = writer.addFunction(
    'adam_update',
    Array.from({ length: 10 }, () => 'i32' as const),
    [],
  );
  const i = f.local('i32');
  const [alpha, b1, b2, eps] = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  const [g, m, v] = [f.local('v128'), f.local('v128'), f.local('v128')];
  const [gs, ms, vs, alphaS, b1S, b2S, epsS] = Array.from({ length: 7 }, () => f.local('f32'));
  [alphaS, b1S, b2S, epsS].forEach((local, k) =>
    f
      .get(4 + k)
      .f32FromBits()
      .set(local),
  );
  [alpha, b1, b2, eps].forEach((local, k) => f.get([alphaS, b1S, b2S, epsS][k]).f32x4Splat().set(local));
  f.simdRange(
    i,
    (q) => q.get(8),
    (q) => q.get(9),
    () => {
      at(f, 3, i).v128Load().set(g);
      at(f, 1, i).v128Load().tee(m).get(g).get(m).f32x4Sub().get(b1).f32x4Mul().f32x4Add().set(m);
      at(f, 1, i).get(m).v128Store();
      at(f, 2, i).v128Load().tee(v).get(g).get(g).f32x4Mul().get(v).f32x4Sub().get(b2).f32x4Mul().f32x4Add().set(v);
      at(f, 2, i).get(v).v128Store();
      at(f, 0, i);
      at(f, 0, i)
        .v128Load()
        .get(m)
        .get(alpha)
        .f32x4Mul()
        .get(v)
        .f32x4Sqrt()
        .get(eps)
        .f32x4Add()
        .f32x4Div()
        .f32x4Sub()
        .v128Store();
    },
    () => {
      at(f, 3, i).f32Load().set(gs);
      at(f, 1, i).f32Load().tee(ms).get(gs).get(ms).f32Sub().get(b1S).f32Mul().f32Add().set(ms);
      at(f, 1, i).get(ms).f32Store();
      at(f, 2, i).f32Load().tee(vs).get(gs).get(gs).f32Mul().get(vs).f32Sub().get(b2S).f32Mul().f32Add().set(vs);
      at(f, 2, i).get(vs).f32Store();
      at(f, 0, i);
      at(f, 0, i)
        .f32Load()
        .get(ms)
        .get(alphaS)
        .f32Mul()
        .get(vs)
        .f32Sqrt()
        .get(epsS)
        .f32Add()
        .f32Div()
        .f32Sub()
        .f32Store();
    },
  );
}

export const ELEMENTWISE_EXPORTS = ['relu', 'relu_grad', 'bias_add', 'adam_update'] as const;

export function emitElementwise(writer: ModuleWriter): void {
  emitRelu(writer);
  emitReluGrad(writer);
  emitBiasAdd(writer);
  emitAdamUpdate(writer);
}
