import { describe, expect, it } from 'vitest';
import { arrayBatchSource } from './array-source';
import type { TrainingEngine } from './engine';
import { fit, type BatchEndInfo } from './fit';

/** An engine whose training losses follow a script, one per batch; evaluation reports chance for 10 classes. */
function scriptedEngine(lossOfBatch: (i: number) => number, evalAccuracy = 0.1): TrainingEngine {
  let step = 0;
  return {
    backend: 'scripted',
    trainStep: async (batch) => ({ loss: lossOfBatch(step++), correct: Math.round(batch.labels.length * 0.1) }),
    evaluateBatch: async (b) => ({
      loss: Math.log(10),
      correct: Math.round(b.labels.length * evalAccuracy),
      probabilities: new Float32Array(b.labels.length * 10),
    }),
    predict: async () => new Float32Array(0),
    featureMaps: async () => new Map(),
    getWeights: async () => new Map(),
    setWeights: () => undefined,
    dispose: () => undefined,
  };
}

const labels = Int32Array.from({ length: 40 }, (_, i) => i % 10);
const data = arrayBatchSource(new Float32Array(40 * 4), labels, 4);

describe('fit with an initial epoch (continued training)', () => {
  it('numbers epochs, progress and history from initialEpoch, like Keras initial_epoch', async () => {
    const batches: BatchEndInfo[] = [];
    const ends: number[] = [];
    const result = await fit(
      scriptedEngine(() => 1),
      data,
      {
        epochs: 2,
        initialEpoch: 3,
        batchSize: 20,
        seed: 1,
        onBatchEnd: (info) => void batches.push(info),
        onEpochEnd: (r) => void ends.push(r.epoch),
      },
    );
    expect(result.stopReason).toBe('completed');
    expect(result.history.map((h) => h.epoch)).toEqual([3, 4]);
    expect(ends).toEqual([3, 4]);
    expect(batches.map((b) => b.epoch)).toEqual([3, 3, 4, 4]);
    // The ETA counts only the epochs this call trains.
    expect(batches[batches.length - 1].etaSeconds).toBe(0);
  });

  it('names the absolute epoch in a divergence message', async () => {
    const result = await fit(
      scriptedEngine((i) => (i === 2 ? Number.NaN : 1)),
      data,
      { epochs: 2, initialEpoch: 5, batchSize: 20, seed: 1, shuffle: false },
    );
    expect(result.stopReason).toBe('diverged');
    expect(result.message).toMatch(/^The loss became NaN at epoch 7, batch 1/);
  });
});

describe('fit with the epoch-level divergence guard', () => {
  it('stops a loss that explodes without NaN after the epoch that shows it', async () => {
    const result = await fit(
      scriptedEngine((i) => (i < 2 ? 1 : 50)),
      data,
      { epochs: 5, batchSize: 20, seed: 1, validation: data, numClasses: 10 },
    );
    expect(result.stopReason).toBe('diverged');
    expect(result.history).toHaveLength(2);
    expect(result.message).toMatch(/more than 10× the first epoch's/);
  });

  it('stops a run stuck at chance level, and only when told the number of classes', async () => {
    const stuck = (numClasses: number | null) =>
      fit(
        scriptedEngine(() => Math.log(10)),
        data,
        { epochs: 6, batchSize: 20, seed: 1, validation: data, numClasses },
      );
    const told = await stuck(10);
    expect(told.stopReason).toBe('diverged');
    expect(told.history).toHaveLength(4);
    expect(told.message).toMatch(/chance level/);
    expect((await stuck(null)).stopReason).toBe('completed');
  });
});
