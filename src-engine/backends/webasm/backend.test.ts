import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConformance } from '../../kernels/conformance';
import { KERNEL_NAMES, type KernelAttrs, type KernelInputs, type KernelName } from '../../kernels/contracts';
import type { FloatTensor } from '../../kernels/reference';
import { randomTensor, relErr, runReference, seeded } from '../../kernels/test-utils';
import type { Padding, Pair } from '../../ops/ops';
import { createWasmRuntime, type WasmRuntime } from './wasm-runtime';
import { createWasmBackend, NATIVE_WEBASM_KERNELS, type WasmBackend } from './backend';
import type { WasmTensor } from './tensor';

let runtime: WasmRuntime;
let backend: WasmBackend;

beforeAll(async () => {
  runtime = await createWasmRuntime(2);
  backend = createWasmBackend(runtime);
});
afterAll(() => runtime.destroy());

function toWasm(t: FloatTensor | null): WasmTensor | null {
  return t === null ? null : backend.fromValues(t.shape, t.values);
}

describe('webasm backend on the shared conformance cases', () => {
  it('runs the reference for exactly these kernels (a new contract lands here until it has a wasm kernel)', () => {
    expect(KERNEL_NAMES.filter((name) => !NATIVE_WEBASM_KERNELS.includes(name))).toEqual([
      'AvgPool',
      'AvgPoolGrad',
      'GlobalAvgPool',
      'GlobalAvgPoolGrad',
      'GlobalMaxPool',
      'GlobalMaxPoolGrad',
      'Pad2D',
      'Slice',
      'Reshape',
      'Concat',
      'Softmax',
      'SoftmaxGrad',
      'Scale',
      'AddN',
      'Multiply',
      'BatchNorm',
      'BatchNormGrad',
      'BatchNormTrain',
      'BatchNormTrainGrad',
      'MovingAverage',
      'CategoricalCrossentropy',
      'CategoricalCrossentropyGrad',
      'SparseCategoricalCrossentropy',
      'SparseCategoricalCrossentropyGrad',
      'BinaryCrossentropy',
      'BinaryCrossentropyGrad',
      'MeanSquaredError',
      'MeanSquaredErrorGrad',
      'Mean',
      'MeanGrad',
      'SGDUpdate',
      'MomentumUpdate',
      'RMSpropUpdate',
    ]);
  });

  it.each(KERNEL_NAMES)('%s matches the reference on every case (relative error < 1e-4)', (name) => {
    const mark = runtime.arena.mark();
    const results = checkConformance(backend, [name]);
    runtime.arena.release(mark);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(Math.max(...r.errors), `${r.kernel}: ${r.label}`).toBeLessThan(1e-4);
  });
});

/** Runs `name` on both backends from the same float32 inputs; returns the relative error of each output. */
function parity<K extends KernelName>(name: K, inputs: KernelInputs<K, FloatTensor>, attrs: KernelAttrs<K>): number[] {
  const mark = runtime.arena.mark();
  const want = runReference(name, inputs, attrs) as unknown as readonly (FloatTensor | null)[];
  const wasmInputs = (inputs as unknown as readonly (FloatTensor | null)[]).map(toWasm);
  const run = backend.kernels[name] as unknown as (
    i: readonly (WasmTensor | null)[],
    a: KernelAttrs<K>,
  ) => readonly (WasmTensor | null)[];
  const got = run(wasmInputs, attrs);
  const errors = want.map((w, i) => {
    const g = got[i];
    if (w === null || g === null) return w === g ? 0 : Infinity;
    expect(g.shape).toEqual(w.shape);
    return relErr(backend.toValues(g), w.values);
  });
  runtime.arena.release(mark);
  return errors;
}

interface ConvCase {
  x: number[];
  f: number[];
  strides: Pair;
  padding: Padding;
}

const CONV_CASES: ConvCase[] = [
  { x: [32, 28, 28, 1], f: [5, 5, 1, 8], strides: [1, 1], padding: 'same' },
  { x: [32, 14, 14, 8], f: [5, 5, 8, 32], strides: [1, 1], padding: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: [2, 2], padding: 'same' },
  { x: [1, 9, 8, 2], f: [2, 5, 2, 3], strides: [2, 1], padding: 'same' },
  { x: [3, 6, 5, 4], f: [4, 2, 4, 5], strides: [3, 2], padding: 'valid' },
  { x: [2, 12, 9, 5], f: [3, 2, 5, 6], strides: [1, 2], padding: 'valid' },
  { x: [2, 6, 7, 4], f: [3, 3, 4, 2], strides: [1, 1], padding: 'valid' },
  { x: [2, 8, 8, 2], f: [2, 2, 2, 3], strides: [1, 1], padding: 'same' },
  { x: [1, 9, 6, 3], f: [4, 3, 3, 9], strides: [1, 1], padding: 'same' },
];

// Beyond the shared cases: tutorial-sized shapes that reach the
// threaded and blocked paths, ties in pooling, Adam in place.
describe('webasm kernels against the reference kernels', () => {
  it('implements every kernel of the contract and lists the native ones', () => {
    expect(NATIVE_WEBASM_KERNELS).toEqual(
      expect.arrayContaining([
        'Conv2D',
        'Conv2DBackpropInput',
        'Conv2DBackpropFilter',
        'MatMul',
        'BiasAdd',
        'BiasAddGrad',
        'MaxPool',
        'MaxPoolGrad',
        'Activation',
        'AdamUpdate',
      ]),
    );
    for (const impl of Object.values(backend.kernels)) expect(typeof impl).toBe('function');
  });

  it.each(CONV_CASES)(
    'Conv2D and both gradients: x $x, filter $f, strides $strides, $padding',
    ({ x, f, strides, padding }) => {
      const rng = seeded(3);
      const input = randomTensor(rng, x);
      const filter = randomTensor(rng, f, 'float32', { scale: 0.2 });
      const [y] = runReference('Conv2D', [input, filter], { strides, padding });
      const dy = randomTensor(rng, y.shape);
      expect(parity('Conv2D', [input, filter], { strides, padding })[0]).toBeLessThan(1e-4);
      expect(parity('Conv2DBackpropInput', [dy, filter], { strides, padding, inputShape: x })[0]).toBeLessThan(1e-4);
      expect(parity('Conv2DBackpropFilter', [input, dy], { strides, padding, filterShape: f })[0]).toBeLessThan(1e-4);
    },
  );

  it.each([
    { a: [32, 1568], b: [1568, 64], transposeA: false, transposeB: false },
    { a: [32, 1568], b: [32, 64], transposeA: true, transposeB: false },
    { a: [32, 64], b: [1568, 64], transposeA: false, transposeB: true },
    { a: [10, 7], b: [3, 10], transposeA: true, transposeB: true },
    { a: [5, 0], b: [0, 3], transposeA: false, transposeB: false },
  ])('MatMul $a × $b transposeA=$transposeA transposeB=$transposeB', ({ a, b, transposeA, transposeB }) => {
    const rng = seeded(4);
    expect(parity('MatMul', [randomTensor(rng, a), randomTensor(rng, b)], { transposeA, transposeB })[0]).toBeLessThan(
      1e-4,
    );
  });

  it.each([
    { x: [4, 6, 6, 3], poolSize: [2, 2] as Pair, strides: [2, 2] as Pair, padding: 'valid' as Padding },
    { x: [32, 28, 28, 8], poolSize: [2, 2] as Pair, strides: [2, 2] as Pair, padding: 'valid' as Padding },
    { x: [2, 7, 5, 4], poolSize: [3, 2] as Pair, strides: [2, 1] as Pair, padding: 'same' as Padding },
  ])(
    'MaxPool and MaxPoolGrad on x $x, pool $poolSize, strides $strides, $padding (with ties, as after a ReLU)',
    ({ x, ...pool }) => {
      const rng = seeded(5);
      const input = randomTensor(rng, x);
      // Half the values 0 and the rest on a coarse grid: many windows hold ties, where the first maximum wins.
      input.values.forEach((v, i) => (input.values[i] = v < 0 ? 0 : Math.round(v * 2) / 2));
      const [y] = runReference('MaxPool', [input], pool);
      expect(parity('MaxPool', [input], pool)[0]).toBe(0);
      expect(parity('MaxPoolGrad', [randomTensor(rng, y.shape), input, y], pool)[0]).toBeLessThan(1e-6);
    },
  );

  it('refuses a bias of the wrong length with the shape it needs', () => {
    expect(() =>
      backend.kernels.BiasAdd(
        [backend.fromValues([2, 3], new Float32Array(6)), backend.fromValues([2], new Float32Array(2))],
        {},
      ),
    ).toThrow(/bias must have shape \[3\]/);
  });

  it('sums a bias gradient over 200,704 rows within 1e-5 of the float64 reference', () => {
    expect(parity('BiasAddGrad', [randomTensor(seeded(8), [32, 28, 28, 8])], {})[0]).toBeLessThan(1e-5);
    expect(parity('BiasAddGrad', [randomTensor(seeded(8), [7, 5])], {})[0]).toBeLessThan(1e-6);
  });

  it.each([
    [3, 4],
    [5, 3],
    [1568, 64],
  ])('updates Adam state in place for shape %j, as the reference over five steps', (...shape) => {
    const rng = seeded(6);
    const start = randomTensor(rng, shape);
    const zeros = () => new Float32Array(start.values.length);
    const variable = backend.fromValues(shape, start.values);
    const m = backend.fromValues(shape, zeros());
    const v = backend.fromValues(shape, zeros());
    const ref = [start, { shape, values: zeros() }, { shape, values: zeros() }] as const;
    for (let step = 1; step <= 5; step++) {
      const g = randomTensor(rng, shape);
      const attrs = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step };
      const out = backend.kernels.AdamUpdate([variable, m, v, backend.fromValues(shape, g.values)], attrs);
      expect(out).toEqual([variable, m, v]);
      runReference('AdamUpdate', [ref[0], ref[1], ref[2], g], attrs);
    }
    expect(relErr(backend.toValues(variable), ref[0].values)).toBeLessThan(1e-6);
    expect(relErr(backend.toValues(m), ref[1].values)).toBeLessThan(1e-6);
    expect(relErr(backend.toValues(v), ref[2].values)).toBeLessThan(1e-6);
  });

  it('reshapes without copying', () => {
    const variable = backend.fromValues([3, 4], new Float32Array(12));
    const [reshaped] = backend.kernels.Reshape([variable], { shape: [12] });
    expect(reshaped.ptr).toBe(variable.ptr);
    expect(reshaped.shape).toEqual([12]);
  });
});
