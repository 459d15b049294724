import { describe, expect, it } from 'vitest';
import { newProject, type ProjectFile } from '../../../src-engine/model/project-file';
import { kerasTutorialCnn } from '../../../src-engine/model/templates';
import type { EvaluationReport, TrainingJobInput } from '../payloads';
import { createDashboardStore } from './dashboard-store';
import { createFakeServices, type FakeServices } from './fake-services';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const report = (accuracy: number): EvaluationReport => ({
  subset: 'validation',
  backend: 'reference',
  misclassifiedCount: 0,
  classNames: ['a', 'b'],
  samples: 2,
  loss: 0.3,
  accuracy,
  confusion: [
    [1, 0],
    [0, 1],
  ],
  precision: [1, 1],
  recall: [1, 1],
  support: [1, 1],
  misclassified: [],
});

const weightsTagged = (tag: string) => ({ n1: { kernel: { shape: [1], data: tag } } });
const record = (epoch: number) => ({
  epoch,
  loss: 1,
  accuracy: 0.5,
  valLoss: 1,
  valAccuracy: 0.5,
  samplesPerSecond: 1,
});

function setup(answers: Partial<FakeServices['answers']> = {}) {
  const services = createFakeServices({ evaluate: () => report(0.9), ...answers });
  const store = createDashboardStore(services, { schedule: (flush) => flush() });
  const fresh = newProject(kerasTutorialCnn());
  store.getState().actions.setModel(fresh.graph);
  /** A project whose weights trained `epochs` epochs. */
  const trained = (epochs: number, tag = 'good'): ProjectFile => ({
    ...fresh,
    weights: weightsTagged(tag),
    history: Array.from({ length: epochs }, (_, i) => record(i)),
    classNames: ['a', 'b'],
  });
  const jobs = () => services.calls.filter((c) => c.method === 'startTraining').map((c) => c.args as TrainingJobInput);
  return { services, store, fresh, trained, jobs, actions: store.getState().actions };
}

describe('dashboard store: continue or start fresh', () => {
  it('asks before training a model that has trained weights, and sends nothing until answered', async () => {
    const { store, actions, trained, jobs } = setup();
    await actions.start(trained(3));
    expect(store.getState().startChoice).toMatchObject({ epochs: 3 });
    expect(jobs()).toHaveLength(0);
    actions.cancelStart();
    expect(store.getState().startChoice).toBeNull();
    expect(jobs()).toHaveLength(0);
  });

  it('continues from the weights, or starts fresh without them', async () => {
    const { store, actions, trained, jobs, services } = setup();
    await actions.start(trained(3), 'continue');
    expect(jobs()[0].project.weights).toEqual(weightsTagged('good'));
    expect(jobs()[0].project.history).toHaveLength(3);
    expect(store.getState().startChoice).toBeNull();
    services.emit.state({ runId: 'run-1', state: 'completed', error: null, at: '' });
    await actions.start(trained(3), 'fresh');
    expect(jobs()[1].project.weights).toBeNull();
    expect(jobs()[1].project.history).toEqual([]);
  });

  it('starts an untrained model at once', async () => {
    const { store, actions, fresh, jobs } = setup();
    await actions.start(fresh);
    expect(store.getState().startChoice).toBeNull();
    expect(jobs()).toHaveLength(1);
  });
});

describe('dashboard store: restoring epochs of the last run', () => {
  async function badRunAfterGoodOne() {
    const t = setup({
      runId: 'run-9',
      checkpoint: (request) => ({
        epoch: 'epoch' in request ? request.epoch : 3,
        project: t.trained(4, `epoch-${'epoch' in request ? request.epoch : 'best'}`),
      }),
    });
    await t.actions.start(t.trained(3), 'continue');
    for (const epoch of [3, 4])
      t.services.emit.epoch({ runId: 'run-9', epoch, epochs: 5, logs: { loss: 9, val_accuracy: 0.1 } });
    t.services.emit.result({
      runId: 'run-9',
      stopReason: 'completed',
      message: null,
      history: [],
      project: t.trained(5, 'bad'),
      backend: 'reference',
    });
    t.services.emit.state({ runId: 'run-9', state: 'completed', error: null, at: '' });
    await tick();
    return t;
  }

  it('lists the run epochs and restores one as the trained model, then evaluates it', async () => {
    const { store, actions, services } = await badRunAfterGoodOne();
    expect(store.getState().checkpoints?.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('bad'));
    services.answers.evaluate = () => report(0.96);
    await actions.restoreCheckpoint({ epoch: 3 });
    expect(services.calls.find((c) => c.method === 'checkpoint')?.args).toEqual({ runId: 'run-9', epoch: 3 });
    expect(store.getState().trained).toMatchObject({ runId: 'run-9', restored: 'epoch 4 of run 1' });
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('epoch-3'));
    expect(store.getState().checkpoints?.restored).toBe('epoch 4 of run 1');
    expect(store.getState().evaluation.value?.accuracy).toBe(0.96);
  });

  it('restores the best epoch by the chosen metric', async () => {
    const { store, actions, services } = await badRunAfterGoodOne();
    await actions.restoreCheckpoint({ best: 'val_accuracy' });
    expect(services.calls.find((c) => c.method === 'checkpoint')?.args).toEqual({
      runId: 'run-9',
      best: 'val_accuracy',
    });
    expect(store.getState().trained?.restored).toBe('epoch 4 of run 1 (highest val_accuracy)');
  });

  it('restores the weights from before the run in one step, and can go back to an epoch after', async () => {
    const { store, actions } = await badRunAfterGoodOne();
    await actions.restoreCheckpoint('before');
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('good'));
    expect(store.getState().trained?.restored).toBe('the weights from before run 1');
    await actions.restoreCheckpoint({ epoch: 4 });
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('epoch-4'));
  });

  it('shows why a restore failed and keeps the trained model', async () => {
    const { store, actions, services } = await badRunAfterGoodOne();
    services.answers.checkpoint = () => {
      throw Object.assign(new Error('The weights of epoch 4 of run run-9 are not kept.'), { hint: 'Restore 5.' });
    };
    await actions.restoreCheckpoint({ epoch: 3 });
    expect(store.getState().checkpoints?.error).toEqual({
      message: 'The weights of epoch 4 of run run-9 are not kept.',
      hint: 'Restore 5.',
    });
    expect(store.getState().trained?.project.weights).toEqual(weightsTagged('bad'));
  });
});
