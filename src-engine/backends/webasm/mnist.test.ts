import { describe, expect, it } from 'vitest';
import { compileModel } from '../../model/executor';
import { kerasTutorialCnn } from '../../model/templates';
import { loadMnistDigits } from '../../node/mnist';
import { subsetSource } from '../../train/array-source';
import { evaluateSource, fit } from '../../train/fit';
import { createWasmEngine } from './engine';

describe('webasm on real MNIST digits', () => {
  it('trains the Keras tutorial CNN through fit() to held-out accuracy above 90 %', async () => {
    const digits = loadMnistDigits();
    const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, i) => from + i);
    const train = subsetSource(digits.images, digits.labels, 784, range(0, 4000));
    const heldOut = subsetSource(digits.images, digits.labels, 784, range(9000, 1000));
    const engine = await createWasmEngine(
      {
        model: compileModel(kerasTutorialCnn()),
        optimizer: { name: 'adam' },
        loss: 'sparse_categorical_crossentropy',
        seed: 1,
      },
      { threads: 2 },
    );
    try {
      const result = await fit(engine, train, { epochs: 2, batchSize: 32, seed: 1 });
      expect(result.stopReason).toBe('completed');
      expect(result.history[1].loss!).toBeLessThan(result.history[0].loss!);
      const { accuracy } = await evaluateSource(engine, heldOut, 256);
      expect(accuracy).toBeGreaterThan(0.9);
    } finally {
      engine.dispose();
    }
  });
});
