import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/executor';
import type { WeightMap } from '../model/project-file';
import { kerasTutorialCnn } from '../model/templates';
import type { Batch, EngineConfig, TrainingEngine } from '../train/engine';
import type { BackendName, BackendProbe, ProbeEnvironment } from './backends';
import { processEnvironment } from './detect/environment';
import { createEngine } from './create-engine';
import { withFallback } from './fallback-engine';

const config: EngineConfig = { model: compileModel(kerasTutorialCnn()), optimizer: { name: 'adam' }, loss: 'sparse_categorical_crossentropy', seed: 3 };

function batch(n: number): Batch {
  return { x: Float32Array.from({ length: n * 784 }, (_, i) => (i % 29) / 29), labels: Int32Array.from({ length: n }, (_, i) => i % 10) };
}

const available = (name: BackendName): BackendProbe => ({ name, available: true, details: {} });

/** An engine that records what it was built with and fails its `failAt`-th training step. */
function fakeEngine(name: string, weights: WeightMap | null, failAt: number, failure = `${name} lost its context`) {
  let steps = 0;
  const engine: TrainingEngine & { builtWith: WeightMap | null } = {
    backend: name,
    builtWith: weights,
    trainStep: async () => {
      steps += 1;
      if (steps === failAt) throw new Error(failure);
      return { loss: steps, correct: 0 };
    },
    evaluateBatch: async () => ({ loss: 0, correct: 0, probabilities: new Float32Array(0) }),
    predict: async () => new Float32Array(0),
    featureMaps: async () => new Map(),
    getWeights: async () => new Map([[name, new Map([['kernel', { shape: [1], values: Float32Array.from([steps]) }]])]]),
    setWeights: () => undefined,
    dispose: () => undefined,
  };
  return engine;
}

describe('fallback when a backend fails mid-run', () => {
  it('repeats the failed step on the next working backend, from the weights reached, and says so', async () => {
    const messages: string[] = [];
    const built: ReturnType<typeof fakeEngine>[] = [];
    const engine = await withFallback(
      'headlessgl',
      [available('headlessgl'), { name: 'webasm', available: false, reason: 'no SIMD', details: {} }, available('cpu')],
      async (name, weights) => {
        const e = fakeEngine(name, weights, name === 'headlessgl' ? 3 : 0);
        built.push(e);
        return e;
      },
      null,
      (text) => messages.push(text),
    );
    await engine.trainStep(batch(1));
    await engine.trainStep(batch(1));
    expect(engine.current).toBe('headlessgl');
    expect(await engine.trainStep(batch(1))).toEqual({ loss: 1, correct: 0 });
    expect(engine.current).toBe('cpu');
    expect(engine.backend).toBe('cpu');
    expect(messages).toEqual([
      "The headlessgl backend failed during the run (headlessgl lost its context); continuing on cpu. It continues from the weights it had reached; the optimizer's running averages restart.",
    ]);
    expect(built[1].builtWith?.get('headlessgl')?.get('kernel')?.values[0]).toBe(3);
  });

  it('throws an error that every backend hits as it is, and stops when no backend is left', async () => {
    const messages: string[] = [];
    const sameEverywhere = await withFallback('webasm', [available('webasm'), available('cpu')], async (name, w) => fakeEngine(name, w, 1, 'label 12 is outside the 10 classes'), null, (t) => messages.push(t));
    await expect(sameEverywhere.trainStep(batch(1))).rejects.toThrow('label 12 is outside the 10 classes');
    expect(messages).toHaveLength(1);

    const last = await withFallback('cpu', [available('cpu')], async (name, w) => fakeEngine(name, w, 1), null, (t) => messages.push(t));
    await expect(last.trainStep(batch(1))).rejects.toThrow('cpu lost its context');
    expect(messages[1]).toBe('The cpu backend failed during the run (cpu lost its context) and no slower backend is left to continue on.');
  });
});

describe('createEngine', () => {
  it('trains on a forced backend and on auto, reporting every backend', async () => {
    for (const backend of ['cpu', 'webasm'] as const) {
      const { engine, reports } = await createEngine(config, { backend });
      expect(reports.find((r) => r.selected)?.name).toBe(backend);
      expect(engine.current).toBe(backend);
      const result = await engine.trainStep(batch(4));
      expect(Number.isFinite(result.loss)).toBe(true);
      engine.dispose();
    }
    const { engine, reports } = await createEngine(config);
    expect(reports.map((r) => r.name)).toEqual(['webgpu', 'headlessgl', 'webasm', 'cpu']);
    expect(reports.find((r) => r.selected)?.name).toBe(engine.current);
    engine.dispose();
  });

  it('passes over a working webgpu under auto with a message, and refuses it when forced', async () => {
    const adapter = { info: { vendor: 'test' }, requestDevice: async () => ({ addEventListener: () => undefined, destroy: () => undefined }) };
    const env: ProbeEnvironment = {
      ...processEnvironment(),
      glibcVersion: '2.39',
      importModule: async () => ({ globals: {}, create: () => ({ requestAdapter: async () => adapter }) }),
    };
    const messages: string[] = [];
    const { engine, reports } = await createEngine(config, { env, onMessage: (t) => messages.push(t) });
    expect(reports.find((r) => r.name === 'webgpu')?.available).toBe(true);
    expect(engine.current).not.toBe('webgpu');
    expect(messages[0]).toMatch(/^The webgpu backend works here, but the webgpu training engine is not built yet .*; using (headlessgl|webasm|cpu)\.$/);
    engine.dispose();
    await expect(createEngine(config, { env, backend: 'webgpu' })).rejects.toThrow(/webgpu backend works here, but .* Choose auto or another backend/);
  });
});
