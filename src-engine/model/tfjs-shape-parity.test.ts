import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { sequential } from './graph';
import { inferShapes } from './inference';
import { summarize } from './summary';

/** Small seeded generator so every run explores the same configurations. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type LayerSpec = { className: string; params: Record<string, unknown> };

function randomModel(rand: () => number): { input: number[]; layers: LayerSpec[] } {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const pairOrInt = (lo: number, hi: number) => (rand() < 0.5 ? int(lo, hi) : [int(lo, hi), int(lo, hi)]);
  const input = [int(1, 24), int(1, 24), int(1, 4)];
  const layers: LayerSpec[] = [];
  let flat = false;
  for (let i = int(1, 6); i > 0; i--) {
    const choices = flat
      ? ['Dense', 'Activation', 'Dropout', 'BatchNormalization', 'Conv2D']
      : [
          'Conv2D',
          'MaxPooling2D',
          'AveragePooling2D',
          'ZeroPadding2D',
          'BatchNormalization',
          'Dense',
          'Flatten',
          'GlobalAveragePooling2D',
          'Activation',
        ];
    const className = pick(choices);
    const padding = pick(['valid', 'same']);
    let params: Record<string, unknown> = {};
    if (className === 'Conv2D')
      params = {
        filters: int(1, 6),
        kernelSize: pairOrInt(1, 5),
        strides: pairOrInt(1, 3),
        padding,
        useBias: rand() < 0.8,
      };
    if (className === 'MaxPooling2D' || className === 'AveragePooling2D')
      params = { poolSize: pairOrInt(1, 4), padding, ...(rand() < 0.5 ? { strides: pairOrInt(1, 3) } : {}) };
    if (className === 'ZeroPadding2D')
      params = {
        padding: pick([
          int(0, 2),
          [int(0, 2), int(0, 2)],
          [
            [int(0, 2), int(0, 2)],
            [int(0, 2), int(0, 2)],
          ],
        ]),
      };
    if (className === 'BatchNormalization') params = { center: rand() < 0.7, scale: rand() < 0.7 };
    if (className === 'Dense') params = { units: int(1, 12), useBias: rand() < 0.8 };
    if (className === 'Activation') params = { activation: pick(['relu', 'tanh', 'sigmoid', 'softmax']) };
    if (className === 'Dropout') params = { rate: 0.25 };
    if (className === 'Flatten' || className === 'GlobalAveragePooling2D') flat = true;
    layers.push({ className, params });
  }
  return { input, layers };
}

function tfjsLayer(l: LayerSpec): tf.layers.Layer {
  const p = l.params as never;
  switch (l.className) {
    case 'Conv2D':
      return tf.layers.conv2d(p);
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d(p);
    case 'AveragePooling2D':
      return tf.layers.averagePooling2d(p);
    case 'ZeroPadding2D':
      return tf.layers.zeroPadding2d(p);
    case 'BatchNormalization':
      return tf.layers.batchNormalization(p);
    case 'Dense':
      return tf.layers.dense(p);
    case 'Flatten':
      return tf.layers.flatten();
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d({});
    case 'Activation':
      return tf.layers.activation(p);
    case 'Dropout':
      return tf.layers.dropout(p);
    default:
      throw new Error(l.className);
  }
}

/** TF.js' verdict: per-layer output shapes and params, or the reason it rejects the model. */
function tfjsVerdict(
  input: number[],
  layers: LayerSpec[],
): { rows: { shape: (number | null)[]; params: number }[] } | { rejected: string } {
  try {
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: input }));
    for (const l of layers) model.add(tfjsLayer(l));
    const rows = model.layers
      .filter((layer) => layer.getClassName() !== 'InputLayer')
      .map((layer) => ({ shape: layer.outputShape as (number | null)[], params: layer.countParams() }));
    // Keras rejects a non-positive dimension even where TF.js' symbolic pass lets it through.
    if (rows.some((r) => r.shape.some((d) => d !== null && d <= 0))) return { rejected: 'non-positive dimension' };
    model.dispose();
    return { rows };
  } catch (e) {
    return { rejected: (e as Error).message };
  }
}

describe('shapes and parameter counts against TF.js', () => {
  it('agrees on 400 random sequential configurations, accepting and rejecting the same ones', () => {
    const rand = mulberry32(1234);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      const { input, layers } = randomModel(rand);
      const graph = sequential(`m${i}`, [{ className: 'InputLayer', params: { shape: input } }, ...layers]);
      const ours = inferShapes(graph);
      const theirs = tfjsVerdict(input, layers);
      const context = JSON.stringify({ input, layers });
      if ('rejected' in theirs) {
        rejected++;
        expect(ours.valid, `TF.js rejects (${theirs.rejected}) but Filterbank accepts ${context}`).toBe(false);
        continue;
      }
      accepted++;
      expect(
        ours.diagnostics.filter((d) => d.severity === 'error'),
        context,
      ).toEqual([]);
      const rows = summarize(graph, ours).rows;
      expect(
        rows.map((r) => ({ shape: r.outputShape, params: r.params })),
        context,
      ).toEqual(theirs.rows);
    }
    // The generator must exercise both outcomes, or this test proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(20);
  });
});
