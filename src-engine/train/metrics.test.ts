import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTfCpu } from '../kernels/test-utils';
import {
  argmaxRows,
  binaryAccuracy,
  categoricalAccuracy,
  confusionMatrix,
  precisionRecall,
  ratio,
  sparseCategoricalAccuracy,
} from './metrics';
import { createRng } from '../core/rng';

beforeAll(useTfCpu);

describe('accuracy', () => {
  const output = [0.1, 0.7, 0.2, 0.5, 0.5, 0.0, 0.2, 0.3, 0.5];
  it('argmax takes the first maximum', () => {
    expect(Array.from(argmaxRows(output, 3))).toEqual([1, 0, 2]);
  });
  it('categorical, sparse and binary', () => {
    expect(categoricalAccuracy([0, 1, 0, 0, 1, 0, 0, 0, 1], output, 3)).toEqual({ correct: 2, total: 3 });
    expect(sparseCategoricalAccuracy([1, 0, 0], output, 3)).toEqual({ correct: 2, total: 3 });
    expect(binaryAccuracy([1, 0, 1, 1], [0.9, 0.2, 0.5, 0.51])).toEqual({ correct: 3, total: 4 });
    expect(ratio({ correct: 3, total: 4 })).toBe(0.75);
    expect(ratio({ correct: 0, total: 0 })).toBe(0);
    expect(() => categoricalAccuracy([1, 0], output, 3)).toThrow(/target has 2 values, output 9/);
  });
});

describe('confusion matrix and per-class scores', () => {
  it('matches tf.math.confusionMatrix on random labels', () => {
    const rng = createRng(8);
    const labels = Array.from({ length: 200 }, () => rng.integer(0, 5));
    const predictions = labels.map((l) => (rng.uniform() < 0.6 ? l : rng.integer(0, 5)));
    const ours = confusionMatrix(labels, predictions, 5);
    const theirs = tf.tidy(() =>
      tf.math.confusionMatrix(tf.tensor1d(labels, 'int32'), tf.tensor1d(predictions, 'int32'), 5).arraySync(),
    );
    expect(ours).toEqual(theirs);
  });

  it('computes precision and recall with 0 for empty classes', () => {
    const m = confusionMatrix([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 0, 0], 4);
    expect(m).toEqual([
      [1, 1, 0, 0],
      [1, 2, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const s = precisionRecall(m);
    expect(s.precision).toEqual([1 / 3, 2 / 3, 0, 0]);
    expect(s.recall).toEqual([1 / 2, 2 / 3, 0, 0]);
    expect(s.support).toEqual([2, 3, 1, 0]);
    expect(() => confusionMatrix([0, 4], [0, 1], 4)).toThrow(/entry 1 has label 4/);
  });
});
