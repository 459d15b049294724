import { describe, expect, it } from 'vitest';
import type { TrainingEngine } from '../train/engine';
import { withFallback } from './fallback-engine';
import type { BackendProbe } from './selection';

/** An engine that fails its first step when `fails`, and records the learning rates it is given. */
function engine(name: string, fails: boolean) {
  const rates: number[] = [];
  const e: TrainingEngine & { rates: number[] } = {
    backend: name,
    rates,
    trainStep: async () => {
      if (fails) throw new Error(`${name} lost its device`);
      return { loss: 1, correct: 0 };
    },
    evaluateBatch: async () => ({ loss: 0, correct: 0, probabilities: new Float32Array(0) }),
    predict: async () => new Float32Array(0),
    featureMaps: async () => new Map(),
    getWeights: async () => new Map(),
    setWeights: () => undefined,
    setLearningRate: (value) => void rates.push(value),
    dispose: () => undefined,
  };
  return e;
}

describe('fallback keeps the scheduled learning rate', () => {
  it('the next backend starts with the rate the schedule last set', async () => {
    const built: ReturnType<typeof engine>[] = [];
    const probes: BackendProbe[] = (['webgpu', 'webasm'] as const).map((name) => ({
      name,
      available: true,
      details: {},
    }));
    const e = await withFallback(
      'webgpu',
      probes,
      async (name) => {
        built.push(engine(name, name === 'webgpu'));
        return built.at(-1)!;
      },
      null,
      () => undefined,
    );
    e.setLearningRate!(0.004);
    await e.trainStep({ x: new Float32Array(1), labels: Int32Array.of(0) });
    expect(built.map((b) => [b.backend, b.rates])).toEqual([
      ['webgpu', [0.004]],
      ['webasm', [0.004]],
    ]);
  });
});
