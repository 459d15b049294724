import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { window2d } from '../../kernels/reference/conv-geometry';
import { randomTensor, seeded } from '../../kernels/test-utils';
import type { Padding, Pair } from '../../ops/ops';
import { createWasmRuntime, type WasmRuntime } from '../wasm/wasm-runtime';
import { col2im, col2imWasm, im2col, im2colWasm } from './im2col';

let runtime: WasmRuntime;
beforeAll(async () => {
  runtime = await createWasmRuntime(2);
});
afterAll(() => runtime.destroy());

const CASES: { x: number[]; k: Pair; strides: Pair; padding: Padding }[] = [
  { x: [3, 28, 28, 1], k: [5, 5], strides: [1, 1], padding: 'same' },
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

describe('wasm im2col / col2im against their TypeScript twins', () => {
  it.each(CASES)('x $x, window $k, strides $strides, $padding', ({ x, k, strides, padding }) => {
    const g = window2d('test', x, k[0], k[1], { strides, padding });
    const input = randomTensor(seeded(9), x).values as Float32Array;
    const rows = g.batch * g.outH * g.outW;
    const depth = k[0] * k[1] * g.channels;
    const { arena } = runtime;
    const mark = arena.mark();

    const want = new Float32Array(rows * depth);
    im2col(input, g, want);
    const px = arena.upload(input);
    const cols = arena.alloc(rows * depth);
    arena.f32(cols, rows * depth).fill(Number.NaN);
    im2colWasm(runtime, px, cols, g);
    expect(maxDifference(arena.f32(cols, rows * depth), want)).toBe(0);

    const grad = randomTensor(seeded(10), [rows, depth]).values as Float32Array;
    const wantDx = new Float32Array(input.length);
    col2im(grad, g, wantDx);
    const pg = arena.upload(grad);
    const dx = arena.alloc(input.length);
    arena.f32(dx, input.length).fill(0);
    col2imWasm(runtime, pg, dx, g);
    expect(maxDifference(arena.f32(dx, input.length), wantDx)).toBeLessThan(1e-5);
    arena.release(mark);
  });
});
