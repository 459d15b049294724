import { windowAxis } from '../kernels/geometry';
import { getLayer } from '../layers';
import type { Padding2D } from '../layers/params';
import type { GraphInference } from './inference';
import { formatCount } from './summary';

/**
 * The arithmetic of one windowed layer (Conv2D, pooling) or ZeroPadding2D on its real input shape, written out for
 * the Explain view: output sizes with the formula in the node's numbers, TensorFlow's padding split for 'same', where
 * each output cell's window sits on the input, the filter bank's shapes and count, and the product-sum behind one
 * output value. Pure: the same numbers the shape inference and the kernels use (kernels/geometry.ts).
 */

export type ExplainKind = 'conv' | 'max-pool' | 'avg-pool' | 'zero-padding';

/** One spatial axis (height or width). */
export interface ExplainAxis {
  input: number;
  window: number;
  stride: number;
  /** Zero rows (or columns) added before and after the input: 'same' puts the odd one after, as TensorFlow does. */
  padBefore: number;
  padAfter: number;
  /** Below 1 when the window does not fit (the shape error's arithmetic). */
  output: number;
  /** The output size in the node's numbers, e.g. "⌊(28 − 5)/1⌋ + 1 = 24" or "⌈28/1⌉ = 28". */
  formula: string;
  /** For 'same': the total padding it implies, e.g. "(28 − 1)·1 + 5 − 28 = 4" (split as padBefore, padAfter). */
  paddingFormula: string | null;
}

export interface FilterBankExplain {
  /** (kh, kw, in_channels, filters), Keras' kernel layout. */
  kernelShape: [number, number, number, number];
  biasShape: [number] | null;
  count: number;
  /** e.g. "5·5·8·32 + 32 = 6,432". */
  formula: string;
}

export interface ExplainModel {
  nodeId: string;
  name: string;
  className: string;
  kind: ExplainKind;
  padding: 'valid' | 'same' | 'explicit';
  /** Input (height, width, channels). */
  input: [number, number, number];
  axes: [ExplainAxis, ExplainAxis];
  channelsOut: number;
  filterBank: FilterBankExplain | null;
  activation: string | null;
}

const minus = (s: string) => s.replace(/-(\d)/g, '−$1');
const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x));

function windowedAxis(input: number, window: number, stride: number, padding: 'valid' | 'same'): ExplainAxis {
  const { outLength, padBefore } = windowAxis(input, window, stride, padding);
  if (padding === 'valid') {
    const formula = minus(`⌊(${input} − ${window})/${stride}⌋ + 1 = ${outLength}`);
    return { input, window, stride, padBefore: 0, padAfter: 0, output: outLength, formula, paddingFormula: null };
  }
  const needed = (outLength - 1) * stride + window - input;
  const total = Math.max(needed, 0);
  const padAfter = total - padBefore;
  const paddingFormula =
    minus(`(${outLength} − 1)·${stride} + ${window} − ${input} = ${needed}`) + (needed < 0 ? ', so 0' : '');
  return {
    input,
    window,
    stride,
    padBefore,
    padAfter,
    output: outLength,
    formula: `⌈${input}/${stride}⌉ = ${outLength}`,
    paddingFormula,
  };
}

/** The Explain model of a node, or null when it is not a Conv2D, pooling or ZeroPadding2D layer on a known image. */
export function explainNode(inference: GraphInference, nodeId: string): ExplainModel | null {
  const info = inference.nodes.get(nodeId);
  const p = info?.params;
  const shape = info?.inputShapes[0];
  if (!info || !p || !shape || shape.length !== 3) return null;
  const def = getLayer(info.node.className);
  const input: [number, number, number] = [shape[0], shape[1], shape[2]];
  const base = { nodeId, name: info.node.name, className: info.node.className, input };
  if (def?.className === 'ZeroPadding2D') {
    const pad = p.padding as Padding2D;
    const axis = (i: number, before: number, after: number): ExplainAxis => ({
      input: i,
      window: 1,
      stride: 1,
      padBefore: before,
      padAfter: after,
      output: i + before + after,
      formula: `${i} + ${before} + ${after} = ${i + before + after}`,
      paddingFormula: null,
    });
    return {
      ...base,
      kind: 'zero-padding',
      padding: 'explicit',
      axes: [axis(input[0], pad.top, pad.bottom), axis(input[1], pad.left, pad.right)],
      channelsOut: input[2],
      filterBank: null,
      activation: null,
    };
  }
  const rule = def?.traits.receptiveField;
  if (!def || rule?.kind !== 'window') return null;
  const k = p[rule.sizeParam];
  const s = p[rule.stridesParam] ?? k;
  const padding = p.padding;
  if (!isPair(k) || !isPair(s) || (padding !== 'valid' && padding !== 'same')) return null;
  const axes: [ExplainAxis, ExplainAxis] = [
    windowedAxis(input[0], k[0], s[0], padding),
    windowedAxis(input[1], k[1], s[1], padding),
  ];
  const conv = def.traits.filterWeight !== null;
  const filters = conv ? (p.filters as number) : input[2];
  let filterBank: FilterBankExplain | null = null;
  if (conv) {
    const kernelShape: [number, number, number, number] = [k[0], k[1], input[2], filters];
    const useBias = p.useBias !== false;
    const count = k[0] * k[1] * input[2] * filters + (useBias ? filters : 0);
    filterBank = {
      kernelShape,
      biasShape: useBias ? [filters] : null,
      count,
      formula: `${kernelShape.join('·')}${useBias ? ` + ${filters}` : ''} = ${formatCount(count)}`,
    };
  }
  return {
    ...base,
    kind: conv ? 'conv' : def.className === 'MaxPooling2D' ? 'max-pool' : 'avg-pool',
    padding,
    axes,
    channelsOut: filters,
    filterBank,
    activation: conv ? String(p.activation ?? 'linear') : null,
  };
}

/** Input rows and columns (inclusive; outside 0..size−1 is padding) that output cell (oy, ox) reads. */
export interface WindowPosition {
  rows: [number, number];
  cols: [number, number];
}

export function windowAt(model: ExplainModel, oy: number, ox: number): WindowPosition {
  const [h, w] = model.axes;
  const y0 = oy * h.stride - h.padBefore;
  const x0 = ox * w.stride - w.padBefore;
  return { rows: [y0, y0 + h.window - 1], cols: [x0, x0 + w.window - 1] };
}

/** One term of a product-sum: input (y, x, c) times kernel (ky, kx, c, filter). */
export interface ProductTerm {
  y: number;
  x: number;
  c: number;
  ky: number;
  kx: number;
  input: number;
  weight: number;
}

export interface ProductSum {
  /** Terms over the window and every input channel; padding cells are zeros and left out. */
  terms: ProductTerm[];
  bias: number;
  /** Σ input·weight + bias, before the activation. */
  preActivation: number;
}

/**
 * The value of output cell (oy, ox, filter) of a Conv2D before its activation, as Keras computes it: a
 * cross-correlation (the kernel is not flipped) summed over all input channels, plus the bias.
 * `input` is (H, W, C) row-major; `kernel` is (kh, kw, C, filters); `bias` is (filters) or null.
 */
export function productSumAt(
  model: ExplainModel,
  input: Float32Array,
  kernel: Float32Array,
  bias: Float32Array | null,
  oy: number,
  ox: number,
  filter: number,
): ProductSum {
  const [H, W, C] = model.input;
  const F = model.channelsOut;
  const { rows, cols } = windowAt(model, oy, ox);
  const terms: ProductTerm[] = [];
  let sum = 0;
  for (let ky = 0; ky < model.axes[0].window; ky++) {
    const y = rows[0] + ky;
    if (y < 0 || y >= H) continue;
    for (let kx = 0; kx < model.axes[1].window; kx++) {
      const x = cols[0] + kx;
      if (x < 0 || x >= W) continue;
      for (let c = 0; c < C; c++) {
        const v = input[(y * W + x) * C + c];
        const wt = kernel[((ky * model.axes[1].window + kx) * C + c) * F + filter];
        terms.push({ y, x, c, ky, kx, input: v, weight: wt });
        sum += v * wt;
      }
    }
  }
  const b = bias ? bias[filter] : 0;
  return { terms, bias: b, preActivation: sum + b };
}

/**
 * The value of pooling output (oy, ox, channel) and the input cells it came from. Like TensorFlow, 'same' padding
 * cells take no part: the max ignores them and the average divides by the cells inside the input only.
 */
export function poolAt(
  model: ExplainModel,
  input: Float32Array,
  oy: number,
  ox: number,
  channel: number,
): { cells: { y: number; x: number; value: number }[]; value: number } {
  const [H, W, C] = model.input;
  const { rows, cols } = windowAt(model, oy, ox);
  const cells: { y: number; x: number; value: number }[] = [];
  for (let y = Math.max(rows[0], 0); y <= Math.min(rows[1], H - 1); y++)
    for (let x = Math.max(cols[0], 0); x <= Math.min(cols[1], W - 1); x++)
      cells.push({ y, x, value: input[(y * W + x) * C + channel] });
  const value =
    model.kind === 'max-pool'
      ? Math.max(...cells.map((c) => c.value))
      : cells.reduce((a, c) => a + c.value, 0) / cells.length;
  return { cells, value };
}
