import { describe, expect, it } from 'vitest';
import { defaultSchedule } from '../../../src-engine/model/lr-schedule';
import { newProject } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import { runName, savedRuns, selectedRuns } from '../run-history';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices, type FakeServices } from './fake-services';

function setup() {
  let runs = 0;
  let clock = 1000;
  const services: FakeServices = createFakeServices({ runId: async () => `run-${++runs}` });
  const store = createDashboardStore(services, { schedule: (flush) => flush(), now: () => clock });
  const project = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(project.graph);
  const advance = (ms: number) => (clock += ms);
  return { services, store, project, actions: store.getState().actions, advance };
}

const info = (runId: string) => ({
  runId,
  backend: 'webgpu',
  backendNotes: [],
  datasetPath: '/d',
  classNames: ['0', '1'],
  skippedExamples: [],
  trainSize: 8,
  validationSize: 2,
  skippedFiles: 0,
  epochs: 1,
  batchesPerEpoch: 1,
  initialEpoch: 0,
});

/** A run from Start to its end, as the services report it. */
async function train(t: ReturnType<typeof setup>, runId: string, end: 'completed' | 'stopped', loss: number) {
  await t.actions.start(t.project);
  t.services.emit.state({ runId, state: 'running', error: null, at: '' });
  t.services.emit.info(info(runId));
  t.advance(4000);
  t.services.emit.epoch({ runId, epoch: 0, epochs: 1, logs: { loss, accuracy: 0.5, val_loss: loss + 0.1, lr: 0.01 } });
  t.services.emit.state({ runId, state: end, error: null, at: '' });
}

describe('dashboard store: run history', () => {
  it('keeps every run with its outcome, and marks a failed start without numbering it', async () => {
    const t = setup();
    t.actions.setTraining({
      optimizer: 'sgd',
      learningRate: 0.05,
      epochs: 1,
      learningRateSchedule: defaultSchedule('cosine'),
    });
    await train(t, 'run-1', 'completed', 0.9);
    t.services.startTraining = async () => {
      throw new Error('The dataset folder is empty');
    };
    await t.actions.start(t.project);
    t.services.startTraining = async () => ({ runId: 'run-3' });
    await train(t, 'run-3', 'stopped', 0.7);
    const { runs } = t.store.getState().history;
    expect(runs.map(runName)).toEqual(['run 1', 'failed run', 'run 2']);
    expect(runs.map((r) => r.state)).toEqual(['completed', 'failed', 'stopped']);
    expect(runs[1].error).toBe('The dataset folder is empty');
    expect(runs[0]).toMatchObject({
      backend: 'webgpu',
      optimizer: 'sgd',
      learningRate: 0.05,
      schedule: 'cosine',
      plannedEpochs: 1,
      durationSeconds: 4,
      epochs: [{ epoch: 1, loss: 0.9, accuracy: 0.5, valLoss: 1, valAccuracy: null, lr: 0.01 }],
    });
  });

  it('renames, ticks and deletes runs, and counts the changes to save', async () => {
    const t = setup();
    await train(t, 'run-1', 'completed', 0.9);
    await train(t, 'run-2', 'completed', 0.8);
    const revision = t.store.getState().history.revision;
    t.actions.renameRun('run-2', 'wider');
    t.actions.toggleRunSelected('run-1');
    t.actions.toggleRunSelected('run-2');
    let h = t.store.getState().history;
    expect(h.runs.map(runName)).toEqual(['run 1', 'wider']);
    expect(selectedRuns(h).map(runName)).toEqual(['run 1', 'wider']);
    expect(h.revision).toBe(revision + 1);
    t.actions.deleteRun('run-1');
    h = t.store.getState().history;
    expect(h.runs.map(runName)).toEqual(['wider']);
    expect(h.selected).toEqual(['run-2']);
  });

  it('replaces the table with an opened project’s runs and numbers new runs after them', async () => {
    const t = setup();
    await train(t, 'run-1', 'completed', 0.9);
    const saved = savedRuns(t.store.getState().history);
    const u = setup();
    u.actions.loadRuns(saved);
    expect(u.store.getState().history.runs).toEqual(saved);
    await train(u, 'run-1', 'completed', 0.5);
    // The fake hands out run-1 again: a fresh window's first run id may repeat one saved in the project.
    const { runs } = u.store.getState().history;
    expect(runs.map(runName)).toEqual(['run 1', 'run 2']);
    expect(runs.map((r) => r.epochs[0].loss)).toEqual([0.9, 0.5]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(2);
  });
});
