import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/executor';
import { sequential } from '../model/graph';
import { LearningRateScheduleSchema } from '../model/lr-schedule';
import { arrayBatchSource } from './array-source';
import type { TrainingEngine } from './engine';
import { fit } from './fit';
import { createReferenceEngine } from './reference-engine';

const tinyDense = () =>
  compileModel(
    sequential('tiny', [
      { className: 'InputLayer', params: { shape: [4] } },
      { className: 'Dense', params: { units: 3, activation: 'softmax' } },
    ]),
  );
const labels = Int32Array.from({ length: 16 }, (_, i) => i % 3);
const data = arrayBatchSource(
  Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)),
  labels,
  4,
);

/** An engine that records the learning rate each step ran with; its validation loss never improves. */
function recordingEngine() {
  let lr = 0;
  const stepRates: number[] = [];
  const engine: TrainingEngine = {
    backend: 'recording',
    trainStep: async (batch) => {
      stepRates.push(lr);
      return { loss: 1, correct: batch.labels.length };
    },
    evaluateBatch: async (b) => ({ loss: 1, correct: 0, probabilities: new Float32Array(b.labels.length * 3) }),
    predict: async () => new Float32Array(0),
    featureMaps: async () => new Map(),
    getWeights: async () => new Map(),
    setWeights: () => undefined,
    setLearningRate: (value) => {
      lr = value;
    },
    dispose: () => undefined,
  };
  return { engine, stepRates };
}

describe('fit with a learning-rate schedule', () => {
  it('sets the rate at the start of each epoch and records it as the epoch learningRate', async () => {
    const { engine, stepRates } = recordingEngine();
    const schedule = LearningRateScheduleSchema.parse({ kind: 'step', everyEpochs: 1, gamma: 0.5 });
    const result = await fit(engine, data, {
      epochs: 3,
      batchSize: 8,
      seed: 1,
      learningRate: { initial: 0.1, schedule },
    });
    expect(result.history.map((r) => r.learningRate)).toEqual([0.1, 0.05, 0.025]);
    expect(stepRates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('lowers the rate on a val_loss plateau (ReduceLROnPlateau)', async () => {
    const { engine } = recordingEngine();
    const schedule = LearningRateScheduleSchema.parse({ kind: 'plateau', factor: 0.5, patience: 1 });
    const result = await fit(engine, data, {
      epochs: 4,
      batchSize: 8,
      seed: 1,
      validation: data,
      learningRate: { initial: 0.2, schedule },
    });
    // val_loss is 1 every epoch: the first sets the best, each later one waits out patience 1 and halves the rate.
    expect(result.history.map((r) => r.learningRate)).toEqual([0.2, 0.2, 0.1, 0.05]);
  });

  it('the reference engine trains with the rate it was last given', async () => {
    const make = (learningRate: number) =>
      createReferenceEngine({
        model: tinyDense(),
        optimizer: { name: 'sgd', learningRate },
        loss: 'sparse_categorical_crossentropy',
        seed: 3,
      });
    const changed = make(0.5);
    changed.setLearningRate!(0.01);
    const direct = make(0.01);
    const batch = { x: Float32Array.from({ length: 8 }, (_, i) => i / 8), labels: Int32Array.of(0, 2) };
    await changed.trainStep(batch);
    await direct.trainStep(batch);
    const a = [...(await changed.getWeights()).values()].flatMap((m) => [...m.values()].flatMap((w) => [...w.values]));
    const b = [...(await direct.getWeights()).values()].flatMap((m) => [...m.values()].flatMap((w) => [...w.values]));
    expect(a).toEqual(b);
    expect(() => changed.setLearningRate!(0)).toThrow(/positive/);
  });
});
