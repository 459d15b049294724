import { GPU } from 'gpu.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConformance } from '../../kernels/conformance';
import { KERNEL_NAMES, type KernelAttrs, type KernelInputs, type KernelName } from '../../kernels/contracts';
import type { FloatTensor } from '../../kernels/reference';
import { randomTensor, relErr, runReference, seeded } from '../../kernels/test-utils';
import { compileModel } from '../../model/executor';
import { kerasTutorialCnn } from '../../model/templates';
import type { Padding, Pair } from '../../ops/ops';
import type { EngineConfig } from '../../train/engine';
import { createReferenceEngine } from '../../train/reference-engine';
import { probeBackend } from '../selection';
import { createEngine } from '../create-engine';
import { createKernelEngine } from '../../train/kernel-engine';
import { ensureDisplay } from '../virtual-display';
import { createGpujsBackend, type GpujsBackend } from './gpujs-backend';

/**
 * The gpu.js kernels against the reference kernels: always in gpu.js' cpu mode (the kernels' logic,
 * transpiled to JavaScript), and on headlessgl (GLSL) wherever a GL context can be created — an Xvfb is
 * started when DISPLAY is unset. Shapes stay small: on Mesa's software rasteriser a shader is slow.
 */

interface ModeSetup {
  backend: GpujsBackend | null;
  skip: string | null;
  close(): Promise<void>;
}

async function setUp(mode: 'cpu' | 'headlessgl'): Promise<ModeSetup> {
  if (mode === 'cpu') {
    const gpu = new GPU({ mode: 'cpu' });
    return { backend: createGpujsBackend(gpu), skip: null, close: async () => gpu.destroy() };
  }
  try {
    await ensureDisplay();
  } catch (error) {
    return {
      backend: null,
      skip: `no X display could be started: ${(error as Error).message}`,
      close: async () => undefined,
    };
  }
  const probe = await probeBackend('headlessgl');
  if (!probe.available)
    return { backend: null, skip: `headlessgl is unavailable here: ${probe.reason}`, close: async () => undefined };
  const gpu = new GPU({ mode: 'headlessgl' });
  return { backend: createGpujsBackend(gpu), skip: null, close: () => gpu.destroy() };
}

const CONV: { x: number[]; f: number[]; strides: Pair; padding: Padding }[] = [
  { x: [2, 9, 9, 1], f: [5, 5, 1, 8], strides: [1, 1], padding: 'same' },
  { x: [2, 6, 6, 8], f: [5, 5, 8, 4], strides: [1, 1], padding: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: [2, 2], padding: 'same' },
  { x: [1, 9, 8, 2], f: [2, 5, 2, 3], strides: [2, 1], padding: 'valid' },
];

describe.each(['cpu', 'headlessgl'] as const)('gpu.js kernels in %s mode against the reference', (mode) => {
  let setup: ModeSetup;
  beforeAll(async () => {
    setup = await setUp(mode);
  });
  afterAll(() => setup.close());

  function parity<K extends KernelName>(
    name: K,
    inputs: KernelInputs<K, FloatTensor>,
    attrs: KernelAttrs<K>,
  ): number[] {
    const backend = setup.backend as GpujsBackend;
    const want = runReference(name, inputs, attrs) as unknown as readonly FloatTensor[];
    const got = (
      backend.kernels[name] as unknown as (i: KernelInputs<K, FloatTensor>, a: KernelAttrs<K>) => readonly FloatTensor[]
    )(inputs, attrs);
    return want.map((w, i) => {
      expect(got[i].shape).toEqual(w.shape);
      return relErr(got[i].values, w.values);
    });
  }

  it('runs the reference for exactly the kernels it has no gpu.js version of', (ctx) => {
    if (setup.skip) ctx.skip(setup.skip);
    expect(KERNEL_NAMES.filter((name) => !setup.backend!.nativeKernels.includes(name))).toEqual([
      'AvgPool',
      'AvgPoolGrad',
      'GlobalAvgPool',
      'GlobalAvgPoolGrad',
      'GlobalMaxPool',
      'GlobalMaxPoolGrad',
      'Pad2D',
      'Slice',
      'Concat',
      'Softmax',
      'SoftmaxGrad',
      'Scale',
      'AddN',
      'Multiply',
      'BatchNorm',
      'BatchNormGrad',
      'BatchNormTrain',
      'BatchNormTrainGrad',
      'MovingAverage',
      'CategoricalCrossentropy',
      'CategoricalCrossentropyGrad',
      'BinaryCrossentropy',
      'BinaryCrossentropyGrad',
      'MeanSquaredError',
      'MeanSquaredErrorGrad',
      'Mean',
      'MeanGrad',
      'SGDUpdate',
      'MomentumUpdate',
      'RMSpropUpdate',
    ]);
  });

  it.for(KERNEL_NAMES)('%s matches the reference on every shared case (relative error < 1e-4)', (name, ctx) => {
    if (setup.skip) ctx.skip(setup.skip);
    const results = checkConformance(setup.backend!, [name]);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(Math.max(...r.errors), `${r.kernel}: ${r.label}`).toBeLessThan(1e-4);
  });

  it.for(CONV)('Conv2D and both gradients: x $x, filter $f, strides $strides, $padding', (c, ctx) => {
    if (setup.skip) ctx.skip(setup.skip);
    const rng = seeded(21);
    const x = randomTensor(rng, c.x);
    const f = randomTensor(rng, c.f, 'float32', { scale: 0.3 });
    const attrs = { strides: c.strides, padding: c.padding };
    const [y] = runReference('Conv2D', [x, f], attrs);
    const dy = randomTensor(rng, y.shape);
    expect(parity('Conv2D', [x, f], attrs)[0]).toBeLessThan(1e-4);
    expect(parity('Conv2DBackpropInput', [dy, f], { ...attrs, inputShape: c.x })[0]).toBeLessThan(1e-4);
    expect(parity('Conv2DBackpropFilter', [x, dy], { ...attrs, filterShape: c.f })[0]).toBeLessThan(1e-4);
  });

  it.for([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const)('MatMul transposeA=%s transposeB=%s', ([transposeA, transposeB], ctx) => {
    if (setup.skip) ctx.skip(setup.skip);
    const rng = seeded(22);
    const a = randomTensor(rng, transposeA ? [40, 9] : [9, 40]);
    const b = randomTensor(rng, transposeB ? [13, 40] : [40, 13]);
    expect(parity('MatMul', [a, b], { transposeA, transposeB })[0]).toBeLessThan(1e-4);
  });

  // Beyond the shared cases: pooling windows full of ties (as after
  // a ReLU), Adam state kept over steps, the kernel class that ran.
  it('max pooling with ties and Adam over three steps, on the kernel class asked for', (ctx) => {
    if (setup.skip) ctx.skip(setup.skip);
    const rng = seeded(23);
    const x = randomTensor(rng, [2, 6, 6, 3]);
    x.values.forEach((v, i) => (x.values[i] = v < 0 ? 0 : Math.round(v * 2) / 2));
    for (const pool of [
      { poolSize: [2, 2] as Pair, strides: [2, 2] as Pair, padding: 'valid' as Padding },
      { poolSize: [3, 2] as Pair, strides: [2, 1] as Pair, padding: 'same' as Padding },
    ]) {
      const [y] = runReference('MaxPool', [x], pool);
      expect(parity('MaxPool', [x], pool)[0]).toBe(0);
      expect(parity('MaxPoolGrad', [randomTensor(rng, y.shape), x, y], pool)[0]).toBeLessThan(1e-6);
    }

    const backend = setup.backend as GpujsBackend;
    const start = randomTensor(rng, [7, 5]);
    const copy = (t: FloatTensor): FloatTensor => ({ shape: t.shape, values: Float32Array.from(t.values) });
    const ours = [
      copy(start),
      copy({ shape: [7, 5], values: new Float32Array(35) }),
      copy({ shape: [7, 5], values: new Float32Array(35) }),
    ] as const;
    const theirs = [copy(start), copy(ours[1]), copy(ours[2])] as const;
    for (let step = 1; step <= 3; step++) {
      const grad = randomTensor(rng, [7, 5]);
      const attrs = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step };
      expect(backend.kernels.AdamUpdate([ours[0], ours[1], ours[2], grad], attrs)).toEqual([ours[0], ours[1], ours[2]]);
      runReference('AdamUpdate', [theirs[0], theirs[1], theirs[2], grad], attrs);
    }
    ours.forEach((t, i) => expect(relErr(t.values, theirs[i].values)).toBeLessThan(1e-5));
    expect([...backend.kernelClasses]).toEqual([mode === 'cpu' ? 'CPUKernel' : 'HeadlessGLKernel']);
  });
});

describe('the headlessgl engine', () => {
  it('keeps kernel outputs as textures, frees those a scope made, and keeps values read inside it', async (ctx) => {
    const setup = await setUp('headlessgl');
    try {
      if (setup.skip) ctx.skip(setup.skip);
      const backend = setup.backend as GpujsBackend;
      const x = backend.fromValues([4], Float32Array.from([1, -2, 3, -4]));
      const [read, unread] = backend.memory.scoped(() => {
        const [a] = backend.kernels.Activation([x], { activation: 'relu' });
        const [b] = backend.kernels.Activation([a], { activation: 'relu' });
        expect(Array.from(b.values)).toEqual([1, 0, 3, 0]);
        return [b, a];
      });
      expect(Array.from(read.values)).toEqual([1, 0, 3, 0]);
      expect(() => unread.values).toThrow('a GPU tensor [4] was read after its step released it');
    } finally {
      await setup.close();
    }
  });

  it('trains the Keras tutorial CNN as the reference engine does', async (ctx) => {
    const setup = await setUp('headlessgl');
    try {
      if (setup.skip) ctx.skip(setup.skip);
      const config: EngineConfig = {
        model: compileModel(kerasTutorialCnn()),
        optimizer: { name: 'adam' },
        loss: 'sparse_categorical_crossentropy',
        seed: 4,
      };
      const backend = setup.backend as GpujsBackend;
      const gl = createKernelEngine(config, backend, backend.memory);
      const reference = createReferenceEngine(config);
      for (let step = 0; step < 2; step++) {
        const batch = {
          x: randomTensor(seeded(30 + step), [2, 28, 28, 1], 'float32', { kind: 'uniform' }).values as Float32Array,
          labels: Int32Array.from([step, 7]),
        };
        const want = await reference.trainStep(batch);
        const before = { ...backend.transfers };
        const got = await gl.trainStep(batch);
        if (step === 1) {
          // Resident: ~55 kernel launches, yet only the logits (for the softmax and the accuracy) and the loss come
          // back, and only the batch, its labels and the two host-computed tensors go up. Before residency every
          // launch read its output back and uploaded every input.
          expect(backend.transfers.launches - before.launches).toBeGreaterThan(40);
          expect(backend.transfers.readBacks - before.readBacks).toBeLessThanOrEqual(3);
          expect(backend.transfers.uploads - before.uploads).toBeLessThanOrEqual(6);
        }
        expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-4);
      }
      const weights = await reference.getWeights();
      for (const [id, byName] of await gl.getWeights())
        for (const [name, t] of byName) expect(relErr(t.values, weights.get(id)!.get(name)!.values)).toBeLessThan(1e-4);
      expect([...(setup.backend as GpujsBackend).kernelClasses]).toEqual(['HeadlessGLKernel']);
      // Forced through createEngine, as the CLI, the app and the benchmark ask for it, it reports its own name.
      const { engine } = await createEngine(config, { backend: 'headlessgl' });
      expect(engine.backend).toBe('headlessgl');
      expect(
        Number.isFinite(
          (await engine.trainStep({ x: new Float32Array(2 * 784), labels: Int32Array.from([1, 2]) })).loss,
        ),
      ).toBe(true);
      engine.dispose();
    } finally {
      await setup.close();
    }
  });
});
