import {
  activate,
  isActivationName,
  poolAt,
  productSumAt,
  type ExplainModel,
  type ProductSum,
  type Tensor,
} from '../../../src-engine';

/** Agreement between the drawn arithmetic and the engine: float32 sums in a different order differ in the last bits. */
const TOLERANCE = 1e-4;

export type ValueAt =
  | {
      kind: 'conv';
      sum: ProductSum;
      /** Σ of the products of each input channel (before the bias). */
      channelSums: number[];
      /** After the activation: what the layer outputs. */
      value: number;
      engine: number;
      matches: boolean;
    }
  | { kind: 'pool'; cells: { y: number; x: number; value: number }[]; value: number; engine: number; matches: boolean };

/**
 * One output value of a Conv2D or pooling layer worked out from its real input, next to the engine's own output at
 * that place. `input` and `output` are the layer's activations for one image (batch of 1, HWC); `kernel` and `bias`
 * its trained weights for a Conv2D.
 */
export function valueAt(
  model: ExplainModel,
  input: Tensor,
  output: Tensor,
  weights: { kernel?: Tensor; bias?: Tensor },
  oy: number,
  ox: number,
  channel: number,
): ValueAt | null {
  const [, outW, outC] = output.shape.slice(-3);
  const engine = output.values[(oy * outW + ox) * outC + channel];
  const close = (v: number) => Math.abs(v - engine) <= TOLERANCE * Math.max(1, Math.abs(engine));
  if (model.kind === 'conv') {
    if (!weights.kernel) return null;
    const sum = productSumAt(model, input.values, weights.kernel.values, weights.bias?.values ?? null, oy, ox, channel);
    const channelSums = Array.from({ length: model.input[2] }, () => 0);
    for (const t of sum.terms) channelSums[t.c] += t.input * t.weight;
    const name = model.activation ?? 'linear';
    const value = isActivationName(name) && name !== 'linear' ? activate(name, sum.preActivation) : sum.preActivation;
    return { kind: 'conv', sum, channelSums, value, engine, matches: close(value) };
  }
  if (model.kind === 'zero-padding') return null;
  const pooled = poolAt(model, input.values, oy, ox, channel);
  return { kind: 'pool', cells: pooled.cells, value: pooled.value, engine, matches: close(pooled.value) };
}

/** The pinned sample as the model sees it: uint8 HWC pixels scaled to [0, 1]. */
export function sampleInput(pixels: Uint8Array): Float32Array {
  return Float32Array.from(pixels, (p) => p / 255);
}
