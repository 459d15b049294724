import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/executor';
import type { WeightMap } from '../model/project-file';
import { kerasTutorialCnn } from '../model/templates';
import type { Batch, EngineConfig, TrainingEngine } from '../train/engine';
import type { BackendName, BackendProbe, ProbeEnvironment } from './selection';
import { processEnvironment } from './detect/environment';
import { createEngine } from './create-engine';
import { withFallback } from './fallback-engine';

const config: EngineConfig = {
  model: compileModel(kerasTutorialCnn()),
  optimizer: { name: 'adam' },
  loss: 'sparse_categorical_crossentropy',
  seed: 3,
};

function batch(n: number): Batch {
  return {
    x: Float32Array.from({ length: n * 784 }, (_, i) => (i % 29) / 29),
    labels: Int32Array.from({ length: n }, (_, i) => i % 10),
  };
}

const available = (name: BackendName): BackendProbe => ({ name, available: true, details: {} });

/** An engine that records what it was built with and fails its `failAt`-th training step (every step when negative). */
function fakeEngine(name: string, weights: WeightMap | null, failAt: number, failure = `${name} lost its context`) {
  let steps = 0;
  const engine: TrainingEngine & { builtWith: WeightMap | null } = {
    backend: name,
    builtWith: weights,
    trainStep: async () => {
      steps += 1;
      if (failAt < 0 || steps === failAt) throw new Error(failure);
      return { loss: steps, correct: 0 };
    },
    evaluateBatch: async () => ({ loss: 0, correct: 0, probabilities: new Float32Array(0) }),
    predict: async () => new Float32Array(0),
    featureMaps: async () => new Map(),
    getWeights: async () =>
      new Map([[name, new Map([['kernel', { shape: [1], values: Float32Array.from([steps]) }]])]]),
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
      'The headlessgl backend failed during the run (headlessgl lost its context); continuing on cpu. It ' +
        "continues from the weights it had reached; the optimizer's running averages restart.",
    ]);
    expect(built[1].builtWith?.get('headlessgl')?.get('kernel')?.values[0]).toBe(3);
  });

  it('throws an error that every backend hits as it is, and stops when no backend is left', async () => {
    const messages: string[] = [];
    const sameEverywhere = await withFallback(
      'webasm',
      [available('webasm'), available('cpu')],
      async (name, w) => fakeEngine(name, w, 1, 'label 12 is outside the 10 classes'),
      null,
      (t) => messages.push(t),
    );
    await expect(sameEverywhere.trainStep(batch(1))).rejects.toThrow('label 12 is outside the 10 classes');
    expect(messages).toHaveLength(1);

    const last = await withFallback(
      'cpu',
      [available('cpu')],
      async (name, w) => fakeEngine(name, w, 1),
      null,
      (t) => messages.push(t),
    );
    await expect(last.trainStep(batch(1))).rejects.toThrow('cpu lost its context');
    expect(messages[1]).toBe(
      'The cpu backend failed during the run (cpu lost its context) and no slower backend is left to continue on.',
    );
  });
  it('replaces a failed engine once when overlapping calls fail on it, repeating each on the successor', async () => {
    const messages: string[] = [];
    const built: string[] = [];
    const engine = await withFallback(
      'webgpu',
      [available('webgpu'), available('webasm')],
      async (name, weights) => {
        built.push(name);
        // webgpu's device is lost: every call fails, like steps already in flight on it.
        return fakeEngine(
          name,
          weights,
          name === 'webgpu' ? -1 : 0,
          name === 'webgpu' ? 'the GPU device was lost (unknown)' : 'never',
        );
      },
      null,
      (text) => messages.push(text),
    );
    const results = await Promise.all([
      engine.trainStep(batch(1)),
      engine.trainStep(batch(1)),
      engine.trainStep(batch(1)),
    ]);
    expect(results.map((r) => r.loss)).toEqual([1, 2, 3]);
    expect(built).toEqual(['webgpu', 'webasm']);
    expect(messages).toHaveLength(1);
    expect(engine.current).toBe('webasm');
  });
});

describe('weights kept across a lost device', () => {
  it(
    'continues from the last periodic copy of the weights ' + 'when the failed engine cannot be read any more',
    async () => {
      const messages: string[] = [];
      const built: { name: string; weights: WeightMap | null }[] = [];
      const engine = await withFallback(
        'webgpu',
        [available('webgpu'), available('webasm')],
        async (name, weights) => {
          built.push({ name, weights });
          const e = fakeEngine(name, weights, name === 'webgpu' ? 4 : 0, 'the GPU device was lost (unknown)');
          if (name !== 'webgpu') return e;
          // Once lost, a device's buffers cannot be read back.
          let lost = false;
          const trainStep = e.trainStep;
          const getWeights = e.getWeights;
          return Object.assign(e, {
            trainStep: async (b: Batch) => {
              try {
                return await trainStep(b);
              } catch (error) {
                lost = true;
                throw error;
              }
            },
            getWeights: async () =>
              lost ? Promise.reject(new Error('the GPU device was lost (unknown)')) : getWeights(),
          });
        },
        null,
        (text) => messages.push(text),
        { snapshotMs: 0 },
      );
      for (let i = 0; i < 3; i++) await engine.trainStep(batch(1));
      await engine.trainStep(batch(1));
      expect(engine.current).toBe('webasm');
      expect(built[1].weights?.get('webgpu')?.get('kernel')?.values[0]).toBe(3);
      expect(messages[0]).toMatch(/It continues from the last copy of its weights;/);
    },
  );
});

describe('createEngine', () => {
  it('trains on a forced backend and on auto, reporting every backend', async () => {
    for (const backend of ['cpu', 'webasm'] as const) {
      const { engine, reports } = await createEngine(config, { backend });
      expect(reports.find((r) => r.selected)?.name).toBe(backend);
      expect(engine.current).toBe(backend);
      expect(engine.backend).toBe(backend);
      const result = await engine.trainStep(batch(4));
      expect(Number.isFinite(result.loss)).toBe(true);
      engine.dispose();
    }
    const { engine, reports, notes } = await createEngine(config);
    expect(reports.map((r) => r.name)).toEqual(['webgpu', 'headlessgl', 'webasm', 'cpu']);
    expect(reports.find((r) => r.selected)?.name).toBe(engine.current);
    // One note per faster backend that is not running, naming it.
    const faster = reports
      .slice(
        0,
        reports.findIndex((r) => r.selected),
      )
      .filter((r) => r.reason ?? r.autoSkipped);
    expect(notes.slice(0, faster.length).map((n) => n.split(':')[0])).toEqual(faster.map((r) => r.name));
    engine.dispose();
  });

  it('runs the plain TypeScript engine for reference, without probing or fallback', async () => {
    const { engine, reports, notes } = await createEngine(config, { backend: 'reference' });
    expect([engine.backend, engine.current, reports, notes]).toEqual(['reference', undefined, [], []]);
    expect(Number.isFinite((await engine.trainStep(batch(2))).loss)).toBe(true);
    engine.dispose();
  });

  it(
    'passes over a detected webgpu whose engine cannot start ' +
      'under auto, with a message, and refuses it when forced',
    async () => {
      // The probe's device works; the engine's own device request is refused (a driver that hands out one device).
      let devices = 0;
      const adapter = {
        info: { vendor: 'test' },
        limits: { maxStorageBufferBindingSize: 1 << 27, maxBufferSize: 1 << 28 },
        requestDevice: async () => {
          if (devices++ > 0) throw new Error('the adapter refused a second device');
          return { addEventListener: () => undefined, destroy: () => undefined };
        },
      };
      const env: ProbeEnvironment = {
        ...processEnvironment(),
        glibcVersion: '2.39',
        importModule: async () => ({ globals: {}, create: () => ({ requestAdapter: async () => adapter }) }),
      };
      const messages: string[] = [];
      const { engine, reports, notes } = await createEngine(config, { env, onMessage: (t) => messages.push(t) });
      const webgpu = reports.find((r) => r.name === 'webgpu')!;
      expect(webgpu.available).toBe(false);
      expect(webgpu.reason).toBe('its engine could not start: the adapter refused a second device');
      expect(engine.current).not.toBe('webgpu');
      expect(reports.find((r) => r.selected)?.name).toBe(engine.current);
      expect(messages[0]).toMatch(
        new RegExp(
          [
            /^The webgpu backend was detected but its engine could not start /.source,
            /\(the adapter refused a second device\); using (headlessgl|webasm|cpu)\.$/.source,
          ].join(''),
        ),
      );
      expect(notes).toContain(messages[0]);
      expect(Number.isFinite((await engine.trainStep(batch(2))).loss)).toBe(true);
      engine.dispose();
      devices = 0;
      await expect(createEngine(config, { env, backend: 'webgpu' })).rejects.toThrow(
        'The webgpu backend was detected but its engine could not start: the adapter refused a second device. ' +
          'Choose auto or another backend.',
      );
    },
  );
});

describe('the Node entry point', () => {
  it(
    'loads neither gpu.js nor gl until a headlessgl engine is ' +
      'created (gl serves only the first thread that loads it)',
    () => {
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const script =
        `import { createRequire } from 'node:module'; await import('./src-engine/node.ts');
      console.log(Object.keys(createRequire(import.meta.url).cache).filter((k) => ` +
        `/node_modules[\\/](gpu\\.js|gl)[\\/]/.test(k)).length);`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(out.trim()).toBe('0');
    },
    30_000,
  );
});
