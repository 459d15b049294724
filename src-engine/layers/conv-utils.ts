import { windowAxis } from '../kernels/geometry';
import type { Padding } from '../ops/ops';
import type { Shape, ShapeProblem } from './types';

export function formatShape(shape: Shape): string {
  return shape.join('×');
}

/** Checks that a layer receives an image tensor (H, W, C) and explains the fix when it does not. */
export function requireImage(className: string, shape: Shape): ShapeProblem | null {
  if (shape.length === 3) return null;
  const fixes: ShapeProblem['fixes'] = [];
  return {
    message:
      shape.length < 3
        ? `${className} needs an image tensor (height, width, channels) but receives (None, ${shape.join(', ')}), ` +
          `rank ${shape.length + 1}: it cannot follow Flatten, Dense or global pooling; move it before them`
        : `${className} needs an image tensor (height, width, channels) but receives rank ${shape.length + 1} ` +
          `(None, ${shape.join(', ')})`,
    fixes,
  };
}

/**
 * The spatial output size of a windowed layer, or the problem with the arithmetic written out, in the form
 * "⌊(7 − 9)/1⌋ + 1 = −1: kernel_size 9 is larger than the 7×7 input; use padding 'same' or a smaller kernel".
 */
export function windowOutput(
  inputHW: readonly [number, number],
  window: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
  windowParam: { camel: string; keras: string },
): { hw: [number, number] } | { problem: ShapeProblem } {
  const out: [number, number] = [0, 0];
  for (let a = 0; a < 2; a++) {
    out[a] = windowAxis(inputHW[a], window[a], strides[a], padding).outLength;
    if (out[a] >= 1) continue;
    const i = inputHW[a];
    const k = window[a];
    const s = strides[a];
    const arithmetic = `⌊(${i} − ${k})/${s}⌋ + 1 = ${out[a]}`.replace(/-(\d)/g, '−$1');
    const fitted: [number, number] = [Math.min(window[0], inputHW[0]), Math.min(window[1], inputHW[1])];
    return {
      problem: {
        param: windowParam.camel,
        arithmetic,
        message:
          `${arithmetic}: ${windowParam.keras} ` +
          `${window[0] === window[1] ? k : `(${window[0]}, ${window[1]})`} is larger than the ` +
          `${formatShape(inputHW)} input; use padding 'same' or a smaller ` +
          `${windowParam.keras === 'kernel_size' ? 'kernel' : 'window'}`,
        fixes: [
          { label: "Use padding 'same'", edit: { kind: 'setParam', param: 'padding', value: 'same' } },
          {
            label: `Reduce ${windowParam.keras} to ${
              fitted[0] === fitted[1] ? fitted[0] : `(${fitted[0]}, ${fitted[1]})`
            }`,
            edit: { kind: 'setParam', param: windowParam.camel, value: fitted[0] === fitted[1] ? fitted[0] : fitted },
          },
        ],
      },
    };
  }
  return { hw: out };
}
