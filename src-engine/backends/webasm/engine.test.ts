import { describe, expect, it } from 'vitest';
import { relErr } from '../../kernels/test-utils';
import { compileModel } from '../../model/executor';
import { kerasTutorialCnn } from '../../model/templates';
import type { EngineConfig } from '../../train/engine';
import { createReferenceEngine } from '../../train/reference-engine';
import { createWasmEngine } from './engine';

function batchOf(n: number, seed: number) {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return {
    x: Float32Array.from({ length: n * 784 }, next),
    labels: Int32Array.from({ length: n }, () => Math.floor(next() * 10)),
  };
}

describe('webasm training engine', () => {
  it(
    'trains the Keras tutorial CNN as the reference engine ' + 'does: same losses, same weights after Adam steps',
    async () => {
      const config: EngineConfig = {
        model: compileModel(kerasTutorialCnn()),
        optimizer: { name: 'adam' },
        loss: 'sparse_categorical_crossentropy',
        seed: 5,
      };
      const reference = createReferenceEngine(config);
      const wasm = await createWasmEngine(config, { threads: 2 });
      try {
        for (let step = 0; step < 3; step++) {
          const batch = batchOf(8, 100 + step);
          const want = await reference.trainStep(batch);
          const got = await wasm.trainStep(batch);
          expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-4);
          expect(got.correct).toBe(want.correct);
        }
        const wantWeights = await reference.getWeights();
        for (const [id, byName] of await wasm.getWeights()) {
          for (const [name, t] of byName)
            expect(relErr(t.values, wantWeights.get(id)!.get(name)!.values), `${id}/${name}`).toBeLessThan(1e-4);
        }
        const probe = batchOf(5, 7);
        const wantP = await reference.predict(probe.x, 5);
        expect(relErr(await wasm.predict(probe.x, 5), wantP)).toBeLessThan(1e-4);
        const evaluation = await wasm.evaluateBatch(probe);
        expect(relErr(evaluation.probabilities, wantP)).toBeLessThan(1e-4);

        // Steady state: after the first step (which creates the optimizer's slots) nothing more is kept.
        const usage = wasm.memoryUsage();
        expect(usage.scratch).toBe(0);
        for (let step = 0; step < 3; step++) await wasm.trainStep(batchOf(8, 200 + step));
        expect(wasm.memoryUsage()).toEqual(usage);
      } finally {
        wasm.dispose();
      }
    },
  );
});
