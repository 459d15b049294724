// The dashboard follows the project and the dataset: another project's run, a changed data folder, the model Evaluate
// used (for Grad-CAM) and the trained weights a prediction was made with.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src-engine';
import { newProject, type ProjectFile } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import type { EvaluationReport, Prediction } from '../payloads';
import { runName } from '../run-history';
import { curvesLabel } from '../run-overlay';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices } from './fake-services';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const report = { subset: 'all', samples: 4, accuracy: 1, classNames: ['a', 'b'] } as unknown as EvaluationReport;
const prediction = (predicted: number): Prediction => ({
  classNames: ['a', 'b'],
  probabilities: [1 - predicted, predicted],
  predicted,
  gradCam: null,
  gradCamNote: null,
  height: 1,
  width: 1,
  channels: 1,
  pixels: Uint8Array.of(9),
});

function setup() {
  const services = createFakeServices({
    evaluate: () => report,
    predict: () => prediction(1),
    report: (d) => ({ path: d.path, report: { classes: [] } }) as never,
  });
  const store = createDashboardStore(services, { schedule: (flush) => flush() });
  const project = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(project.graph);
  return { services, store, project, actions: store.getState().actions };
}

const trained = (project: ProjectFile, seed: string): ProjectFile => ({
  ...project,
  weights: { n1: { kernel: { shape: [1], data: seed } } },
  classNames: ['a', 'b'],
});

/** Opens another project as the editor host does (editor-dashboard.tsx). */
function openProject(actions: ReturnType<typeof setup>['actions'], runs: RunRecord[] = []) {
  actions.projectReplaced();
  actions.loadSettings(null, null);
  actions.loadRuns(runs);
}

async function divergedRun(t: ReturnType<typeof setup>, runId = 'run-1') {
  t.actions.setTraining({ optimizer: 'sgd', learningRate: 8 });
  t.services.answers.runId = runId;
  await t.actions.start(t.project);
  t.services.emit.state({ runId, state: 'running', error: null, at: '' });
  t.services.emit.epoch({ runId, epoch: 0, epochs: 4, logs: { loss: 0.5 } });
  t.services.emit.epoch({ runId, epoch: 1, epochs: 4, logs: { loss: NaN } });
  t.services.emit.state({
    runId,
    state: 'failed',
    error: { code: 'diverged', message: 'diverged', hint: null },
    at: '',
  });
}

describe('dashboard store: another project replaces the run view', () => {
  it("drops the old project's run status, divergence warning and curves", async () => {
    const t = setup();
    await divergedRun(t);
    expect(t.store.getState().divergence).not.toBeNull();
    expect(t.store.getState().curves.current).not.toBeNull();
    openProject(t.actions);
    const s = t.store.getState();
    expect(s.run).toMatchObject({ phase: 'idle', runId: null, progress: null, error: null, dataset: null });
    expect(s.divergence).toBeNull();
    expect(s.curves).toMatchObject({ current: null, previous: null });
    expect(s.history.runs).toEqual([]);
    // The next run is recorded in the new project's table.
    t.services.answers.runId = 'run-2';
    await t.actions.start(t.project);
    t.services.emit.state({ runId: 'run-2', state: 'running', error: null, at: '' });
    expect(t.store.getState().history.runs.map((r) => r.id)).toEqual(['run-2']);
  });

  it('keeps a run that is still training: it belongs to the window', async () => {
    const t = setup();
    await t.actions.start(t.project);
    t.services.emit.state({ runId: 'run-1', state: 'running', error: null, at: '' });
    openProject(t.actions);
    expect(t.store.getState().run).toMatchObject({ phase: 'running', runId: 'run-1' });
    expect(t.store.getState().curves.current?.runId).toBe('run-1');
  });

  it('names the diverged run in the curves as the run table does', async () => {
    const t = setup();
    await divergedRun(t);
    const s = t.store.getState();
    const record = s.history.runs.find((r) => r.id === 'run-1')!;
    expect(runName(record)).toBe('failed run');
    expect(curvesLabel(s.history.runs, s.curves.current)).toMatch(/^failed run \(sgd/);
  });
});

describe('dashboard store: Evaluate follows the Data tab', () => {
  it('evaluates on the folder chosen now, not the one the last run used', async () => {
    const t = setup();
    t.actions.setDatasetSource('/data/a');
    await t.actions.start(t.project);
    t.services.emit.result({
      runId: 'run-1',
      stopReason: 'completed',
      message: null,
      project: trained(t.project, 'AAAAAA=='),
      history: [],
      backend: 'reference',
    });
    await tick();
    expect(t.store.getState().evaluation.status).toBe('ready');
    t.actions.setDatasetSource('/data/b');
    // The answer about folder a no longer applies.
    expect(t.store.getState().evaluation).toMatchObject({ status: 'idle', value: null });
    await t.actions.evaluate(t.project);
    const evaluations = t.services.calls.filter((c) => c.method === 'evaluate');
    expect(evaluations.map((c) => (c.args as { dataset: { path: string } }).dataset.path)).toEqual([
      '/data/a',
      '/data/b',
    ]);
  });

  it('drops a cached evaluation when the model input changes', async () => {
    const t = setup();
    await t.actions.evaluate(trained(t.project, 'AAAAAA=='));
    expect(t.store.getState().evaluation.status).toBe('ready');
    const graph = structuredClone(t.project.graph);
    const input = graph.nodes.find((n) => n.className === 'InputLayer')!;
    input.params = { ...input.params, shape: [32, 32, 1] };
    t.actions.setModel(graph);
    expect(t.store.getState().model.input).toMatchObject({ height: 32 });
    expect(t.store.getState().evaluation).toMatchObject({ status: 'idle', value: null });
  });
});

describe('dashboard store: Grad-CAM of a misclassified sample', () => {
  it('uses the model Evaluate used, also when no run happened in this window', async () => {
    const t = setup();
    const model = trained(t.project, 'AAAAAA==');
    await t.actions.evaluate(model);
    await t.actions.explain(null, { kind: 'file', path: '/d/b/1.png' });
    const call = t.services.calls.find((c) => c.method === 'predict')!.args as { project: unknown };
    expect(call.project).toBe(model);
  });
});

describe('dashboard store: Try an image after more training', () => {
  it('predicts the image again with the new weights', async () => {
    const t = setup();
    await t.actions.predict({ kind: 'file', path: '/img/5.png' }, trained(t.project, 'AAAAAA=='));
    expect(t.store.getState().prediction.value?.predicted).toBe(1);
    t.services.answers.predict = () => prediction(0);
    await t.actions.start(t.project);
    const newer = trained(t.project, 'BBBBBB==');
    t.services.emit.result({
      runId: 'run-1',
      stopReason: 'completed',
      message: null,
      project: newer,
      history: [],
      backend: 'reference',
    });
    await tick();
    const calls = t.services.calls.filter((c) => c.method === 'predict').map((c) => c.args as { project: unknown });
    expect(calls).toHaveLength(2);
    expect(calls[1].project).toEqual(newer);
    expect(t.store.getState().prediction).toMatchObject({ status: 'ready', name: '5.png', value: { predicted: 0 } });
  });
});
