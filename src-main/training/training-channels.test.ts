// Real training runs through the router, the supervisor and the training worker (src-engine's runTraining on
// MNIST digits written as PNGs): streams, results, pause / resume / stop and setup errors with their hints.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectFileSchema } from '../../src-engine/model/project-file';
import type { EventChannel, EventPayload } from '../../src-shared';
import { createTestHost, type TestHost } from '../ipc/test-services';
import { smallCnn, trainingJob, writeDigitFolder } from '../testing/ml-fixtures';

let h: TestHost;
let digits: string;
beforeAll(async () => {
  h = await createTestHost({ sampleDigits: 3 });
  digits = await writeDigitFolder(join(h.dataDir, 'digits'), [0, 1, 7], 16);
  await writeFile(join(digits, 'digit-1', 'broken.png'), 'not a png');
});
afterAll(() => h.dispose());

function eventsOf<C extends EventChannel>(channel: C, runId: string): EventPayload<C>[] {
  return h.events
    .filter((e) => e.channel === channel && e.payload.runId === runId)
    .map((e) => e.payload as EventPayload<C>);
}
const states = (runId: string) => eventsOf('training:state', runId).map((s) => s.state);

async function until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; events: ${h.events.map((e) => e.channel).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const settled = (runId: string) =>
  until(`run ${runId} to end`, () => states(runId).some((s) => ['completed', 'stopped', 'failed'].includes(s)));

async function start(job: unknown): Promise<string> {
  return ((await h.call('training:start', { job })) as { runId: string }).runId;
}

describe('training on an image folder', () => {
  it('streams info, progress, epochs and non-blank feature maps, then the trained project', async () => {
    const startedAt = Date.now();
    const runId = await start({
      ...trainingJob(smallCnn(3), digits, { epochs: 2, batchSize: 8 }),
      featureMapLayers: [],
    });
    await settled(runId);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(states(runId)).toEqual(['starting', 'running', 'completed']);

    const [info] = eventsOf('training:info', runId);
    expect(['webasm', 'cpu', 'headlessgl']).toContain((info as { backend: string }).backend);
    expect(info).toMatchObject({
      datasetPath: digits,
      classNames: ['digit-0', 'digit-1', 'digit-7'],
      trainSize: 36,
      validationSize: 12,
      skippedFiles: 1,
      epochs: 2,
      batchesPerEpoch: 5,
    });
    expect(info!.skippedExamples).toEqual([
      expect.objectContaining({ relativePath: 'digit-1/broken.png', reason: 'not-an-image' }),
    ]);
    expect(eventsOf('training:dataset', runId).at(-1)).toMatchObject({ phase: 'decoding', done: 49, total: 49 });

    const progress = eventsOf('training:progress', runId);
    expect(progress.at(-1)).toMatchObject({ epoch: 1, epochs: 2, batch: 4, batchesPerEpoch: 5, samplesSeen: 72 });
    for (const p of progress)
      expect(Object.keys(p.metrics).sort()).toEqual(['accuracy', 'etaSeconds', 'samplesPerSecond']);

    const epochs = eventsOf('training:epoch', runId);
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1]);
    // Keras' History names, the learning rate the epoch trained with included.
    expect(Object.keys(epochs[1]!.logs).sort()).toEqual([
      'accuracy',
      'learning_rate',
      'loss',
      'samples_per_second',
      'val_accuracy',
      'val_loss',
    ]);

    const maps = eventsOf('training:featureMaps', runId).flatMap((f) => f.maps);
    const activation = maps.find((m) => m.kind === 'activation' && m.layer === 'n1')!;
    expect(activation.shape).toEqual([13, 13, 4]);
    expect(maps.find((m) => m.kind === 'activation' && m.layer === 'n2')!.shape).toEqual([6, 6, 4]);
    const kernel = maps.find((m) => m.kind === 'kernel')!;
    expect(kernel).toMatchObject({ layer: 'n1', shape: [3, 3, 1, 4] });
    for (const m of [activation, kernel]) {
      expect(m.values).toHaveLength(m.shape.reduce((a, b) => a * b));
      expect(new Set(m.values).size).toBeGreaterThan(1);
      expect(m.max).toBeGreaterThan(m.min);
    }

    const [result] = eventsOf('training:result', runId);
    expect(result).toMatchObject({
      stopReason: 'completed',
      message: null,
      backend: (info as { backend: string }).backend,
    });
    const project = ProjectFileSchema.parse(result!.project);
    expect(Object.keys(project.weights!).sort()).toEqual(['n1', 'n4']);
    expect(project.classNames).toEqual(['digit-0', 'digit-1', 'digit-7']);
    expect(project.history).toHaveLength(2);
    expect(project.history[1]).toMatchObject({ loss: epochs[1]!.logs.loss, valAccuracy: epochs[1]!.logs.val_accuracy });
    expect(project.dataset?.path).toBe(digits);
    // The result arrives before the final state.
    const order = h.events.filter((e) => e.payload.runId === runId).map((e) => e.channel);
    expect(order.lastIndexOf('training:result')).toBe(order.length - 2);
  });

  it(
    'trains on the sample digits when the dataset path is ' + 'null, pauses, resumes and stops with the weights so far',
    async () => {
      const runId = await start(trainingJob(smallCnn(10), null, { epochs: 10_000, batchSize: 2, validationSplit: 0 }));
      await until('progress', () => eventsOf('training:progress', runId).length > 0);
      expect(eventsOf('training:info', runId)[0]).toMatchObject({
        datasetPath: join(h.dataDir, 'datasets', 'mnist-digits'),
        trainSize: 30,
        validationSize: 0,
      });
      expect(await h.call('training:pause', { runId })).toEqual({ runId, state: 'paused' });
      await until('paused', () => states(runId).includes('paused'));
      await new Promise((r) => setTimeout(r, 100));
      const whilePaused = eventsOf('training:progress', runId).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(eventsOf('training:progress', runId).length).toBe(whilePaused);
      await h.call('training:resume', { runId });
      await until('more progress', () => eventsOf('training:progress', runId).length > whilePaused + 2);
      expect(await h.call('training:stop', { runId })).toEqual({ runId, state: 'stopping' });
      await settled(runId);
      expect(states(runId)).toEqual(['starting', 'running', 'paused', 'running', 'stopping', 'stopped']);
      const [result] = eventsOf('training:result', runId);
      expect(result).toMatchObject({ stopReason: 'cancelled' });
      expect(ProjectFileSchema.parse(result!.project).weights).not.toBeNull();
    },
  );

  it('stops a run while its dataset is still being opened', async () => {
    const many = await writeDigitFolder(join(h.dataDir, 'many'), [2, 3, 4], 150);
    const runId = await start(trainingJob(smallCnn(3), many));
    await until('running', () => states(runId).includes('running'));
    await h.call('training:stop', { runId });
    await settled(runId);
    expect(states(runId).at(-1)).toBe('stopped');
    // Stopped through the abort signal while decoding (not killed after the grace period), before any batch.
    expect(eventsOf('training:info', runId)).toEqual([]);
    expect(eventsOf('training:progress', runId)).toEqual([]);
    expect(h.logs.join('\n')).not.toMatch(/did not reach a checkpoint/);
  });
});

describe('the pinned sample', () => {
  it('streams the feature maps of the pinned image, given as a file or as dropped bytes', async () => {
    const firstMaps = async (pinnedSample: unknown) => {
      const runId = await start({ ...trainingJob(smallCnn(3), digits, { epochs: 1 }), pinnedSample });
      await settled(runId);
      expect(states(runId).at(-1)).toBe('completed');
      return eventsOf('training:featureMaps', runId)[0]!.maps.find((m) => m.kind === 'activation' && m.layer === 'n1')!;
    };
    const seven = join(digits, 'digit-7', '003.png');
    const asFile = await firstMaps({ kind: 'file', path: seven });
    const asBytes = await firstMaps({ kind: 'bytes', name: 'seven.png', data: new Uint8Array(await readFile(seven)) });
    const zero = await firstMaps({ kind: 'file', path: join(digits, 'digit-0', '003.png') });
    // Same seed, so the same weights at the first snapshot: the maps differ only by the pinned image.
    expect(Array.from(asBytes.values)).toEqual(Array.from(asFile.values));
    expect(Array.from(zero.values)).not.toEqual(Array.from(asFile.values));
  });

  it('fails the run when the pinned file is not an image', async () => {
    const runId = await start({
      ...trainingJob(smallCnn(3), digits),
      pinnedSample: { kind: 'file', path: join(digits, 'digit-1', 'broken.png') },
    });
    await settled(runId);
    expect(eventsOf('training:state', runId).at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'invalid-image', hint: expect.stringMatching(/PNG/) },
    });
  });
});

describe('training errors', () => {
  it('reports a model whose output does not match the classes, with the fix', async () => {
    const runId = await start(trainingJob(smallCnn(10), digits));
    await settled(runId);
    expect(eventsOf('training:state', runId).at(-1)).toMatchObject({
      state: 'failed',
      error: {
        code: 'invalid-model',
        message: expect.stringMatching(/outputs \(None, 10\) but the dataset has 3 classes/),
        hint: 'Set units of dense to 3.',
      },
    });
  });

  it('reports a diverged run with the message, and hands back the project without NaN weights', async () => {
    const linear = smallCnn(3);
    linear.graph.nodes[4]!.params = { units: 3 };
    const runId = await start(
      trainingJob(linear, digits, {
        optimizer: 'sgd',
        learningRate: 10,
        loss: 'mean_squared_error',
        epochs: 5,
        batchSize: 8,
      }),
    );
    await settled(runId);
    const [result] = eventsOf('training:result', runId);
    expect(result).toMatchObject({
      stopReason: 'diverged',
      message: expect.stringMatching(/training diverged.*lower it/),
    });
    expect(ProjectFileSchema.parse(result!.project).weights).toBeNull();
    expect(eventsOf('training:state', runId).at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'diverged', message: result!.message, hint: expect.stringMatching(/learning rate/) },
    });
  });

  it('reports a missing dataset folder with a hint', async () => {
    const runId = await start(trainingJob(smallCnn(3), join(h.dataDir, 'gone')));
    await settled(runId);
    expect(eventsOf('training:state', runId).at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'not-found', hint: expect.stringMatching(/.+/) },
    });
  });

  it('refuses a model that cannot be built before starting a run', async () => {
    const broken = smallCnn(3);
    broken.graph.nodes[1]!.params = { filters: 4, kernelSize: 40 };
    await expect(start(trainingJob(broken, digits))).rejects.toMatchObject({
      code: 'invalid-model',
      message: expect.stringMatching(/cannot be built/),
      hint: expect.stringMatching(/.+/),
    });
    const noImage = smallCnn(3);
    noImage.graph.nodes[0]!.params = { shape: [28, 28, 2] };
    await expect(start(trainingJob(noImage, digits))).rejects.toMatchObject({
      code: 'invalid-model',
      hint: expect.stringMatching(/channels/),
    });
    expect(h.services.training.list().filter((r) => r.state === 'starting')).toEqual([]);
  });
});
