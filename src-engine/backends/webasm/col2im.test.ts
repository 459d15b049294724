import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { window2d } from '../../kernels/reference/conv-geometry';
import { randomTensor, seeded } from '../../kernels/test-utils';
import type { Padding, Pair } from '../../ops/ops';
import { createWasmRuntime, type WasmRuntime } from './wasm-runtime';
import { col2im, col2imWasm } from './col2im';

let runtime: WasmRuntime;
beforeAll(async () => {
  runtime = await createWasmRuntime(2);
});
afterAll(() => runtime.destroy());

const CASES: { x: number[]; k: Pair; strides: Pair; padding: Padding }[] = [
  { x: [3, 28, 28, 1], k: [5, 5], strides: [2, 2], padding: 'same' },
  { x: [2, 14, 14, 8], k: [5, 5], strides: [1, 1], padding: 'same' },
  { x: [2, 7, 9, 3], k: [3, 2], strides: [2, 3], padding: 'same' },
  { x: [1, 9, 8, 5], k: [2, 5], strides: [2, 1], padding: 'valid' },
  { x: [2, 6, 6, 4], k: [3, 3], strides: [1, 1], padding: 'valid' },
];

function maxDifference(a: Float32Array, b: Float32Array): number {
  let worst = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Number.isNaN(a[i]) ? Infinity : Math.abs(a[i] - b[i]));
  return worst;
}

describe('wasm col2im against its TypeScript twin', () => {
  it.each(CASES)('x $x, window $k, strides $strides, $padding', ({ x, k, strides, padding }) => {
    const g = window2d('test', x, k[0], k[1], { strides, padding });
    const rows = g.batch * g.outH * g.outW;
    const depth = k[0] * k[1] * g.channels;
    const size = x.reduce((a, b) => a * b, 1);
    const { arena } = runtime;
    const mark = arena.mark();
    const grad = randomTensor(seeded(10), [rows, depth]).values as Float32Array;
    const want = new Float32Array(size);
    col2im(grad, g, want);
    const pg = arena.upload(grad);
    const dx = arena.alloc(size);
    arena.f32(dx, size).fill(0);
    col2imWasm(runtime, pg, dx, g);
    expect(maxDifference(arena.f32(dx, size), want)).toBeLessThan(1e-5);
    arena.release(mark);
  });
});
