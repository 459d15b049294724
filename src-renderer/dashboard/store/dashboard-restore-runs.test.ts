// Restoring from any run of the window, named as the run table names it (tester bug 5).
import { describe, expect, it } from 'vitest';
import { newProject, type ProjectFile } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import type { RunRecord } from '../../../src-engine';
import type { CheckpointRequest, EvaluationReport } from '../payloads';
import { recordOfRun, runIdOfRecord } from '../run-history';
import { heldRun, lastGoodRun } from './checkpoint-actions';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices } from './fake-services';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const report: EvaluationReport = {
  subset: 'validation',
  backend: 'reference',
  misclassifiedCount: 0,
  classNames: ['a', 'b'],
  samples: 2,
  loss: 0.3,
  accuracy: 0.9,
  confusion: [
    [1, 0],
    [0, 1],
  ],
  precision: [1, 1],
  recall: [1, 1],
  support: [1, 1],
  misclassified: [],
};

const weightsTagged = (tag: string) => ({ n1: { kernel: { shape: [1], data: tag } } });

function setup() {
  let started = 0;
  const services = createFakeServices({
    evaluate: () => report,
    runId: async () => `run-${String.fromCharCode(97 + started++)}`,
    checkpoint: (request: CheckpointRequest) => {
      // The best epoch: run-a's second, run-b's only one.
      const epoch = 'epoch' in request ? request.epoch : request.runId === 'run-b' ? 2 : 1;
      return { epoch, project: { ...fresh, weights: weightsTagged(`${request.runId}/${epoch}`) } };
    },
  });
  const store = createDashboardStore(services, { schedule: (flush) => flush() });
  const fresh = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(fresh.graph);
  const actions = store.getState().actions;
  const trained: ProjectFile = { ...fresh, weights: weightsTagged('start'), history: [], classNames: ['a', 'b'] };

  /** One run of `epochs` (0-based epoch numbers), ending as completed or diverged. */
  async function train(runId: string, epochs: number[], end: 'completed' | 'diverged' = 'completed') {
    await actions.start(trained, 'continue');
    for (const epoch of epochs)
      services.emit.epoch({ runId, epoch, epochs: 9, logs: { loss: 1 / (epoch + 1), val_loss: 1 / (epoch + 1) } });
    services.emit.result({
      runId,
      stopReason: end,
      message: end === 'diverged' ? 'The loss became NaN.' : null,
      history: [],
      project: { ...trained, weights: weightsTagged(`${runId}/end`) },
      backend: 'reference',
    });
    services.emit.state({ runId, state: end === 'diverged' ? 'failed' : 'completed', error: null, at: '' });
    await tick();
  }
  const checkpointCalls = () => services.calls.filter((c) => c.method === 'checkpoint').map((c) => c.args);
  return { store, actions, train, checkpointCalls };
}

const savedRun = (id: string, number: number): RunRecord => ({
  id,
  number,
  name: null,
  state: 'completed',
  startedAt: 0,
  durationSeconds: 1,
  backend: 'reference',
  optimizer: 'adam',
  learningRate: 0.001,
  schedule: null,
  batchSize: 32,
  plannedEpochs: 1,
  stopReason: 'completed',
  error: null,
  epochs: [],
  batch: null,
});

describe('dashboard store: restoring any run of the window', () => {
  it('names the restored epoch with the run as the run table numbers it', async () => {
    const { store, actions, train } = setup();
    // A project saved with one run: the window's first run is "run 2" in the table.
    actions.loadRuns([savedRun('saved-1', 1)]);
    await train('run-a', [0, 1]);
    expect(store.getState().history.runs.map((r) => r.number)).toEqual([1, 2]);
    await actions.restoreCheckpoint({ best: 'val_loss' });
    expect(store.getState().trained?.restored).toBe('epoch 2 of run 2 (lowest val_loss)');
    await actions.restoreCheckpoint('before');
    expect(store.getState().trained?.restored).toBe('the weights from before run 2');
  });

  it('restores an epoch of an earlier run, named as its run', async () => {
    const { store, actions, train, checkpointCalls } = setup();
    await train('run-a', [0, 1]);
    await train('run-b', [2]);
    expect(store.getState().checkpoints?.earlier.map((r) => r.runId)).toEqual(['run-a']);
    expect(heldRun(store.getState(), 'run-a')?.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    await actions.restoreCheckpoint({ epoch: 0 }, 'run-a');
    expect(checkpointCalls()).toEqual([{ runId: 'run-a', epoch: 0 }]);
    expect(store.getState().trained).toMatchObject({ runId: 'run-a', restored: 'epoch 1 of run 1' });
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('run-a/0'));
    await actions.restoreCheckpoint({ best: 'val_loss' });
    expect(store.getState().trained?.restored).toBe('epoch 3 of run 2 (lowest val_loss)');
  });

  it('offers nothing for a run whose checkpoints this window never held', async () => {
    const { store, actions, train, checkpointCalls } = setup();
    actions.loadRuns([savedRun('saved-1', 1)]);
    await train('run-a', [0]);
    expect(heldRun(store.getState(), 'saved-1')).toBeNull();
    await actions.restoreCheckpoint({ epoch: 0 }, 'saved-1');
    expect(checkpointCalls()).toEqual([]);
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('run-a/end'));
  });

  it('after a diverged run, still offers the best of the last good run', async () => {
    const { store, actions, train, checkpointCalls } = setup();
    await train('run-a', [0, 1]);
    await train('run-b', [], 'diverged');
    const checkpoints = store.getState().checkpoints;
    expect(checkpoints?.diverged).toBe(true);
    expect(lastGoodRun(checkpoints)?.runId).toBe('run-a');
    await actions.restoreCheckpoint({ best: 'val_loss' }, 'run-a');
    expect(checkpointCalls()).toEqual([{ runId: 'run-a', best: 'val_loss' }]);
    expect(store.getState().trained?.restored).toBe('epoch 2 of run 1 (lowest val_loss)');
    // The table lists the diverged run as a failed, unnumbered run.
    await actions.restoreCheckpoint('before');
    expect(store.getState().trained?.restored).toBe('the weights from before the failed run');
  });
});

describe('run table records of training runs', () => {
  it('finds the record of a run id, also when a saved run held the same id', () => {
    const runs = [savedRun('run-x', 1), savedRun('run-x~2', 2), savedRun('run-xy', 3)];
    expect(recordOfRun({ runs }, 'run-x')?.number).toBe(2);
    expect(recordOfRun({ runs }, 'run-xy')?.number).toBe(3);
    expect(recordOfRun({ runs }, 'run-z')).toBeNull();
    expect(runIdOfRecord('run-x~2')).toBe('run-x');
    expect(runIdOfRecord('run-xy')).toBe('run-xy');
  });
});
