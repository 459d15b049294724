import { describe, expect, it } from 'vitest';
import { newProject, type ProjectFile } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import type { EvaluationReport, ProgressEvent, Thumbnail } from '../payloads';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices, type FakeServices } from './fake-services';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(answers: Partial<FakeServices['answers']> = {}) {
  const services = createFakeServices(answers);
  const flushes: Array<() => void> = [];
  const store = createDashboardStore(services, { schedule: (flush) => flushes.push(flush) });
  const project = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(project.graph);
  return { services, store, project, flushes, actions: store.getState().actions };
}

/** After `done` batches (the event numbers the batch just done from 0). */
const progress = (runId: string, epoch: number, done: number, loss: number): ProgressEvent => ({
  runId,
  epoch,
  epochs: 2,
  batch: done - 1,
  samplesSeen: 0,
  batchesPerEpoch: 4,
  loss,
  metrics: { accuracy: 0.5, samplesPerSecond: 250, etaSeconds: 12 },
});

const report: EvaluationReport = {
  subset: 'validation',
  backend: 'reference',
  misclassifiedCount: 1,
  classNames: ['a', 'b'],
  samples: 4,
  loss: 0.3,
  accuracy: 0.75,
  confusion: [
    [2, 0],
    [1, 1],
  ],
  precision: [2 / 3, 1],
  recall: [1, 0.5],
  support: [2, 2],
  misclassified: [{ file: '/d/b/1.png', label: 1, predicted: 0, probabilities: [0.7, 0.3] }],
};

function trainedProject(project: ProjectFile): ProjectFile {
  return { ...project, weights: { n1: { kernel: { shape: [1], data: 'AAAAAA==' } } }, classNames: ['a', 'b'] };
}

async function startedRun(runId = 'run-1') {
  const t = setup({ runId });
  await t.actions.start(t.project);
  return t;
}

describe('dashboard store: the model and the job', () => {
  it('takes the input size and the conv and pool layers from the graph', () => {
    const { store } = setup();
    expect(store.getState().model.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(store.getState().model.featureLayers.map((l) => l.className)).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
    ]);
  });

  it('sends the settings, the dataset preprocessed to the model input and the pinned sample', async () => {
    const { store, services, project, actions } = setup();
    actions.setTraining({ epochs: 1, batchSize: 64 });
    actions.setDataset({ interpolation: 'area' });
    const thumb: Thumbnail = {
      className: '3',
      label: 3,
      file: '/data/sample/3/0.png',
      split: 'train',
      augmented: false,
      height: 28,
      width: 28,
      channels: 1,
      pixels: new Uint8Array(784),
    };
    actions.pinThumbnail(thumb);
    await actions.start(project);
    const job = services.calls.find((c) => c.method === 'startTraining')!.args as Record<string, unknown>;
    expect(job.settings).toMatchObject({ epochs: 1, batchSize: 64, optimizer: 'adam' });
    expect(job.dataset).toMatchObject({
      path: null,
      preprocessing: { height: 28, width: 28, channels: 1, interpolation: 'area' },
    });
    expect(job.pinnedSample).toEqual({ kind: 'file', path: '/data/sample/3/0.png' });
    expect(job.featureMapLayers).toEqual([]);
    expect(store.getState().run).toMatchObject({ runId: 'run-1', phase: 'starting', number: 1 });
    expect(store.getState().curves.current?.label).toBe('Run 1 (adam, lr 0.001)');
  });

  it('refuses to start a model whose input is not an image, saying why', async () => {
    const { store, services, actions, project } = setup();
    actions.setModel({
      name: 'm',
      nodes: [{ id: 'd', name: 'dense', className: 'Dense', params: { units: 2 }, inputs: [] }],
    });
    await actions.start(project);
    expect(store.getState().run.phase).toBe('failed');
    expect(store.getState().run.error?.message).toMatch(/no InputLayer/);
    expect(services.calls.some((c) => c.method === 'startTraining')).toBe(false);
  });

  it('shows why training:start was refused', async () => {
    const { store, services, actions, project } = setup();
    services.startTraining = async () => {
      throw Object.assign(new Error('The dataset has 3 classes but the model outputs 10'), {
        hint: 'Set units of dense_1 to 3.',
      });
    };
    await actions.start(project);
    expect(store.getState().run).toMatchObject({
      phase: 'failed',
      error: { message: 'The dataset has 3 classes but the model outputs 10', hint: 'Set units of dense_1 to 3.' },
    });
  });
});

describe('dashboard store: training events', () => {
  it('coalesces progress events into the series on the next frame', async () => {
    const { store, services, flushes } = await startedRun();
    for (let b = 1; b <= 4; b++) services.emit.progress(progress('run-1', 0, b, 2 / b));
    expect(flushes).toHaveLength(1);
    expect(store.getState().curves.current!.batch.x).toEqual([]);
    flushes[0]();
    const s = store.getState();
    expect(s.curves.current!.batch.x).toEqual([0.25, 0.5, 0.75, 1]);
    expect(s.run.progress).toMatchObject({
      epoch: 0,
      batch: 4,
      batchesPerEpoch: 4,
      samplesPerSecond: 250,
      etaSeconds: 12,
    });
    services.emit.progress(progress('run-1', 1, 1, 0.4));
    expect(flushes).toHaveLength(2);
  });

  it('adds epoch points after the batches before them', async () => {
    const { store, services } = await startedRun();
    services.emit.progress(progress('run-1', 0, 4, 1));
    services.emit.epoch({
      runId: 'run-1',
      epoch: 0,
      epochs: 2,
      logs: { loss: 1, accuracy: 0.6, val_loss: 0.8, val_accuracy: 0.7, samples_per_second: 300 },
    });
    const c = store.getState().curves.current!;
    expect(c.batch.x).toEqual([1]);
    expect(c.epochs).toMatchObject({ x: [1], valLoss: [0.8], valAccuracy: [0.7] });
  });

  it('keeps events that arrive before training:start answers, and ignores other runs', async () => {
    let release: (id: string) => void = () => undefined;
    const { store, services, actions, project } = setup({
      runId: () => new Promise<string>((resolve) => (release = resolve)),
    });
    const starting = actions.start(project);
    await tick();
    expect(store.getState().run.phase).toBe('requesting');
    services.emit.state({ runId: 'run-7', state: 'running', error: null, at: '' });
    services.emit.info({
      runId: 'run-7',
      backend: 'reference',
      backendNotes: ['webgpu: no adapter'],
      datasetPath: '/d',
      classNames: ['0', '1'],
      skippedExamples: [],
      trainSize: 8,
      validationSize: 2,
      skippedFiles: 0,
      epochs: 2,
      batchesPerEpoch: 4,
    });
    services.emit.info({
      runId: 'run-other',
      backend: 'cpu',
      backendNotes: [],
      datasetPath: '/d',
      classNames: [],
      skippedExamples: [],
      trainSize: 0,
      validationSize: 0,
      skippedFiles: 0,
      epochs: 1,
      batchesPerEpoch: 1,
    });
    release('run-7');
    await starting;
    expect(store.getState().run).toMatchObject({
      runId: 'run-7',
      phase: 'running',
      info: { backend: 'reference', backendNotes: ['webgpu: no adapter'] },
    });
    services.emit.progress(progress('run-other', 0, 1, 1));
    store.getState().actions.flush();
    expect(store.getState().curves.current!.batch.x).toEqual([]);
  });

  it('keeps the latest feature maps, activations and filters apart', async () => {
    const { store, services, flushes } = await startedRun();
    const map = (layer: string, kind: 'activation' | 'kernel', v: number) => ({
      layer,
      kind,
      shape: [1, 1, 1],
      min: 0,
      max: 1,
      values: Uint8Array.of(v),
    });
    services.emit.featureMaps({
      runId: 'run-1',
      epoch: 0,
      batch: 0,
      maps: [map('conv', 'activation', 1), map('conv', 'kernel', 2)],
    });
    services.emit.featureMaps({
      runId: 'run-1',
      epoch: 0,
      batch: 1,
      maps: [map('conv', 'activation', 3), map('pool', 'activation', 4)],
    });
    flushes.forEach((f) => f());
    const fm = store.getState().featureMaps;
    expect(fm.step).toEqual({ epoch: 0, batch: 2 });
    expect(fm.activations.conv.values[0]).toBe(3);
    expect(fm.activations.pool.values[0]).toBe(4);
    expect(fm.kernels.conv.values[0]).toBe(2);
  });

  it('shows the dataset decoding before the first epoch, until the run info arrives', async () => {
    const { store, services } = await startedRun();
    services.emit.datasetProgress({ runId: 'run-1', phase: 'decoding', done: 300, total: 10000 });
    expect(store.getState().run.datasetProgress).toEqual({ phase: 'decoding', done: 300, total: 10000 });
    services.emit.info({
      runId: 'run-1',
      backend: 'reference',
      backendNotes: [],
      datasetPath: '/d',
      classNames: ['a'],
      skippedExamples: [],
      trainSize: 8,
      validationSize: 2,
      skippedFiles: 0,
      epochs: 1,
      batchesPerEpoch: 1,
    });
    expect(store.getState().run.datasetProgress).toBeNull();
  });

  it('a failed run shows its error', async () => {
    const { store, services } = await startedRun();
    services.emit.state({
      runId: 'run-1',
      state: 'failed',
      error: { code: 'engine', message: 'Out of memory', hint: 'Lower the batch size.' },
      at: '',
    });
    expect(store.getState().run).toMatchObject({
      phase: 'failed',
      error: { message: 'Out of memory', hint: 'Lower the batch size.' },
    });
    expect(store.getState().curves.current!.finished).toBe(true);
  });

  it('pauses, resumes and stops the run', async () => {
    const { store, services, actions } = await startedRun();
    services.emit.state({ runId: 'run-1', state: 'running', error: null, at: '' });
    await actions.pause();
    expect(store.getState().run.phase).toBe('paused');
    await actions.resume();
    expect(store.getState().run.phase).toBe('running');
    await actions.stop();
    expect(store.getState().run.phase).toBe('stopping');
    expect(
      services.calls.filter((c) => ['pause', 'resume', 'stop'].includes(c.method)).map((c) => [c.method, c.args]),
    ).toEqual([
      ['pause', 'run-1'],
      ['resume', 'run-1'],
      ['stop', 'run-1'],
    ]);
  });
});

describe('dashboard store: comparing runs', () => {
  it("keeps a finished run's curves as the previous run when the next one starts", async () => {
    const { store, services, actions, project } = await startedRun('run-1');
    services.emit.progress(progress('run-1', 0, 4, 1));
    services.emit.state({ runId: 'run-1', state: 'completed', error: null, at: '' });
    services.answers.runId = 'run-2';
    actions.setTraining({ learningRate: 0.01 });
    await actions.start(project);
    let curves = store.getState().curves;
    expect(curves.previous).toMatchObject({ runId: 'run-1', label: 'Run 1 (adam, lr 0.001)', finished: true });
    expect(curves.previous!.batch.x).toEqual([1]);
    expect(curves.current).toMatchObject({ runId: 'run-2', label: 'Run 2 (adam, lr 0.01)', finished: false });
    services.emit.progress(progress('run-2', 0, 1, 3));
    services.emit.state({ runId: 'run-2', state: 'stopped', error: null, at: '' });
    services.answers.runId = 'run-3';
    await actions.start(project);
    curves = store.getState().curves;
    expect(curves.previous?.runId).toBe('run-2');
    expect(curves.current?.runId).toBe('run-3');
  });

  it('a run that never drew a point does not replace the previous one', async () => {
    const { store, services, actions, project } = await startedRun('run-1');
    services.emit.progress(progress('run-1', 0, 4, 1));
    services.emit.state({ runId: 'run-1', state: 'completed', error: null, at: '' });
    services.answers.runId = 'run-2';
    await actions.start(project);
    services.emit.state({ runId: 'run-2', state: 'failed', error: { code: 'x', message: 'bad', hint: null }, at: '' });
    services.answers.runId = 'run-3';
    await actions.start(project);
    expect(store.getState().curves.previous?.runId).toBe('run-1');
  });
});

describe('dashboard store: divergence', () => {
  it('warns the moment the loss is not finite and offers a 10× lower learning rate', async () => {
    const { store, services, actions } = await startedRun();
    services.emit.progress(progress('run-1', 0, 1, 2.3));
    expect(store.getState().divergence).toBeNull();
    services.emit.progress(progress('run-1', 0, 2, NaN));
    expect(store.getState().divergence).toMatchObject({
      learningRate: 0.001,
      suggested: 0.0001,
      message: expect.stringMatching(/NaN.*learning rate/),
    });
    actions.lowerLearningRate();
    expect(store.getState().training.learningRate).toBe(0.0001);
    expect(store.getState().divergence).toBeNull();
  });

  it("takes the engine's message when the run stops as diverged, and keeps no weights", async () => {
    const { store, services, actions, project } = setup();
    actions.setTraining({ optimizer: 'sgd', learningRate: 5 });
    await actions.start(project);
    services.emit.result({
      runId: 'run-1',
      stopReason: 'diverged',
      message: 'The loss became 1.2e+5 (it started at 2.30) at epoch 1, batch 3',
      project: trainedProject(project),
      history: [],
      backend: 'reference',
    });
    expect(store.getState().divergence).toMatchObject({
      learningRate: 5,
      suggested: 0.5,
      message: expect.stringMatching(/1\.2e\+5/),
    });
    expect(store.getState().trained).toBeNull();
    expect(services.calls.some((c) => c.method === 'evaluate')).toBe(false);
    actions.lowerLearningRate();
    expect(store.getState().training.learningRate).toBe(0.5);
  });

  it("shows a run that fails as 'diverged' once, as the divergence warning", async () => {
    const { store, services } = await startedRun();
    services.emit.state({
      runId: 'run-1',
      state: 'failed',
      error: { code: 'diverged', message: 'The loss became NaN at epoch 1, batch 4', hint: 'Lower the learning rate' },
      at: '',
    });
    expect(store.getState().run).toMatchObject({ phase: 'failed', error: null });
    expect(store.getState().divergence?.message).toBe('The loss became NaN at epoch 1, batch 4');
  });

  it('also warns on a non-finite validation loss', async () => {
    const { store, services } = await startedRun();
    services.emit.epoch({ runId: 'run-1', epoch: 0, epochs: 2, logs: { loss: 3, val_loss: Infinity } });
    expect(store.getState().divergence?.message).toMatch(/val_loss is Infinity/);
  });
});

describe('dashboard store: results and evaluation', () => {
  it('keeps the trained project and evaluates it on the validation set automatically', async () => {
    const { store, services, project } = await startedRun();
    services.answers.evaluate = () => report;
    services.emit.info({
      runId: 'run-1',
      backend: 'reference',
      backendNotes: [],
      datasetPath: '/d',
      classNames: ['a', 'b'],
      skippedExamples: [],
      trainSize: 8,
      validationSize: 2,
      skippedFiles: 0,
      epochs: 1,
      batchesPerEpoch: 1,
    });
    services.emit.result({
      runId: 'run-1',
      stopReason: 'completed',
      message: null,
      project: trainedProject(project),
      history: [],
      backend: 'reference',
    });
    expect(store.getState().trained?.project.classNames).toEqual(['a', 'b']);
    expect(store.getState().evaluation.status).toBe('loading');
    await tick();
    expect(store.getState().evaluation).toMatchObject({
      status: 'ready',
      subset: 'validation',
      value: { accuracy: 0.75 },
    });
    const call = services.calls.find((c) => c.method === 'evaluate')!.args as {
      dataset: unknown;
      subset: string;
      project: ProjectFile;
    };
    expect(call.subset).toBe('validation');
    expect(call.project.weights).not.toBeNull();
    expect(call.dataset).toEqual(store.getState().run.dataset);
  });

  it('evaluation without trained weights says what to do', async () => {
    const { store, actions, project } = setup();
    await actions.evaluate(project);
    expect(store.getState().evaluation).toMatchObject({
      status: 'error',
      error: { message: expect.stringMatching(/no trained weights/), hint: expect.stringMatching(/Train/) },
    });
  });

  it('a slower, older evaluation never overwrites a newer one', async () => {
    const { store, services, actions, project } = setup();
    let first: (r: EvaluationReport) => void = () => undefined;
    services.answers.evaluate = () => new Promise<EvaluationReport>((resolve) => (first = resolve));
    const older = actions.evaluate(trainedProject(project));
    services.answers.evaluate = () => ({ ...report, accuracy: 0.9 });
    await actions.evaluate(trainedProject(project));
    first({ ...report, accuracy: 0.1 });
    await older;
    expect(store.getState().evaluation.value?.accuracy).toBe(0.9);
  });

  it('a new run drops the evaluation of the old weights, even one still on its way', async () => {
    const { store, services, actions, project } = setup();
    let answer: (r: EvaluationReport) => void = () => undefined;
    services.answers.evaluate = () => new Promise<EvaluationReport>((resolve) => (answer = resolve));
    const pending = actions.evaluate(trainedProject(project));
    await actions.start(project);
    answer(report);
    await pending;
    expect(store.getState().evaluation).toMatchObject({ status: 'idle', value: null });
  });

  it('predicts a dropped image asking for its Grad-CAM map; explain asks for another class', async () => {
    const { store, services, actions, project } = setup({
      predict: () => ({
        classNames: ['a', 'b'],
        probabilities: [0.2, 0.8],
        predicted: 1,
        gradCam: null,
        gradCamNote: null,
        height: 1,
        width: 1,
        channels: 1,
        pixels: Uint8Array.of(9),
      }),
    });
    await expect(actions.explain(0)).rejects.toThrow(/no trained weights|Drop or choose/);
    const trained = trainedProject(project);
    await actions.predict({ kind: 'bytes', name: 'seven.png', data: Uint8Array.of(1, 2) }, trained);
    expect(store.getState().prediction).toMatchObject({ status: 'ready', name: 'seven.png', value: { predicted: 1 } });
    type PredictArgs = { image: { kind: string }; gradCam?: { classIndex?: number | null }; project: unknown };
    const calls = () => services.calls.filter((c) => c.method === 'predict').map((c) => c.args as PredictArgs);
    expect(calls()[0]).toMatchObject({ image: { kind: 'bytes' }, gradCam: {} });
    await actions.explain(0);
    // The same image and model, for class 0; the panel's prediction is left as it was.
    expect(calls()[1]).toMatchObject({ image: { kind: 'bytes', name: 'seven.png' }, gradCam: { classIndex: 0 } });
    expect(calls()[1].project).toBe(trained);
    expect(store.getState().prediction.value?.predicted).toBe(1);
  });
});

describe('dashboard store: dataset', () => {
  it('asks for the sample folder once and loads report and thumbnails at the model size', async () => {
    const { store, services, actions } = setup({
      report: (d) => ({ path: d.path!, report: { classes: [] }, text: '' }) as never,
      preview: () => ({ path: '/data/sample', classNames: ['0'], samples: [] }),
    });
    await actions.loadDataset();
    await actions.loadDataset();
    expect(services.calls.filter((c) => c.method === 'samplePath')).toHaveLength(1);
    const preview = services.calls.find((c) => c.method === 'datasetPreview')!.args as {
      dataset: { path: string; preprocessing: object };
      augmented: boolean;
    };
    expect(preview.dataset.path).toBe('/data/sample');
    expect(preview.dataset.preprocessing).toMatchObject({ height: 28, width: 28, channels: 1 });
    expect(preview.augmented).toBe(false);
    expect(store.getState().report).toMatchObject({ status: 'ready', value: { path: '/data/sample' } });
    expect(services.calls.find((c) => c.method === 'datasetReport')!.args).toMatchObject({
      validationSplit: 0.2,
      seed: 42,
    });
    expect(store.getState().thumbnails.status).toBe('ready');
  });

  it("shows the folder's problem when the report fails", async () => {
    const { store, actions } = setup({
      report: () => {
        throw Object.assign(new Error('No class folders in /x'), { hint: 'Put each class in its own sub-folder.' });
      },
    });
    actions.setDatasetSource('/x');
    await tick();
    await tick();
    expect(store.getState().dataset.path).toBe('/x');
    expect(store.getState().report).toMatchObject({
      status: 'error',
      error: { message: 'No class folders in /x', hint: 'Put each class in its own sub-folder.' },
    });
  });

  it("counts the user's settings edits, not settings loaded from a project", () => {
    const { store, actions } = setup();
    actions.loadSettings({ ...store.getState().training, epochs: 9 }, null);
    expect(store.getState().training.epochs).toBe(9);
    expect(store.getState().settingsRevision).toBe(0);
    actions.setTraining({ epochs: 3 });
    actions.setAugmentation({ rotationRange: 10 });
    actions.setDataset({ interpolation: 'nearest' });
    expect(store.getState().settingsRevision).toBe(3);
  });

  it('asks for a folder and reads the chosen one', async () => {
    const { store, services, actions } = setup({
      folder: '/home/me/cats',
      report: (d) => ({ path: d.path!, report: { classes: [] }, text: '' }) as never,
    });
    const chosen = await actions.chooseFolder();
    actions.setDatasetSource(chosen);
    await tick();
    await tick();
    expect(store.getState().report.value?.path).toBe('/home/me/cats');
    expect(services.calls.some((c) => c.method === 'samplePath')).toBe(false);
  });

  it(
    "forgets the old project's maps, evaluation and trained model when another project replaces it, keeping the " +
      'curves',
    async () => {
      const { store, services, actions, project } = await startedRun();
      services.answers.evaluate = () => report;
      services.emit.progress(progress('run-1', 0, 4, 1));
      services.emit.featureMaps({
        runId: 'run-1',
        epoch: 0,
        batch: 3,
        maps: [{ layer: 'n1', kind: 'activation', shape: [1, 1, 1], min: 0, max: 1, values: Uint8Array.of(5) }],
      });
      services.emit.result({
        runId: 'run-1',
        stopReason: 'completed',
        message: null,
        project: trainedProject(project),
        history: [],
        backend: 'reference',
      });
      await tick();
      expect(store.getState().evaluation.status).toBe('ready');
      actions.projectReplaced();
      const s = store.getState();
      expect([s.trained, s.evaluation.value, s.featureMaps.step]).toEqual([null, null, null]);
      expect(s.featureMaps.activations).toEqual({});
      expect(s.curves.current?.batch.x).toEqual([1]);
    },
  );

  it('lists the backends', async () => {
    const { store, actions } = setup({
      backends: { backends: [{ name: 'webgpu', available: false, reason: 'no adapter', selected: false }], notes: [] },
    });
    await actions.loadBackends();
    expect(store.getState().backends).toMatchObject({
      status: 'ready',
      value: { backends: [{ name: 'webgpu', available: false, reason: 'no adapter' }] },
    });
  });

  it('stops listening when disposed', async () => {
    const { store, services, actions } = await startedRun();
    actions.dispose();
    services.emit.state({ runId: 'run-1', state: 'running', error: null, at: '' });
    expect(store.getState().run.phase).toBe('starting');
  });
});
