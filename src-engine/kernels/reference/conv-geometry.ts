import type { Conv2DAttrs, Pool2DAttrs } from '../../ops/ops';
import { windowAxis } from '../geometry';
import { formatShape } from './tensor';

/** Everything a 2-D sliding-window loop needs, checked once. */
export interface Window2D {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

export function window2d(
  kernel: string,
  inputShape: readonly number[],
  kH: number,
  kW: number,
  attrs: Conv2DAttrs,
): Window2D {
  if (inputShape.length !== 4)
    throw new Error(`${kernel}: input must be NHWC (rank 4), got shape ${formatShape(inputShape)}`);
  const [batch, inH, inW, channels] = inputShape;
  const [strideH, strideW] = attrs.strides;
  if (!(strideH >= 1 && strideW >= 1))
    throw new Error(`${kernel}: strides must be at least 1, got [${attrs.strides.join(', ')}]`);
  const h = windowAxis(inH, kH, strideH, attrs.padding);
  const w = windowAxis(inW, kW, strideW, attrs.padding);
  if (h.outLength < 1 || w.outLength < 1) {
    throw new Error(
      `${kernel}: a ${kH}×${kW} window with 'valid' padding does not fit an input of ${inH}×${inW}; ` +
        `use 'same' padding or a smaller window`,
    );
  }
  return {
    batch,
    inH,
    inW,
    channels,
    kH,
    kW,
    strideH,
    strideW,
    outH: h.outLength,
    outW: w.outLength,
    padTop: h.padBefore,
    padLeft: w.padBefore,
  };
}

export function poolWindow(kernel: string, inputShape: readonly number[], attrs: Pool2DAttrs): Window2D {
  return window2d(kernel, inputShape, attrs.poolSize[0], attrs.poolSize[1], attrs);
}
