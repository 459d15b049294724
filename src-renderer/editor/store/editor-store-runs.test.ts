import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src-engine';
import { createEditorStore } from './editor-store';

const run: RunRecord = {
  id: 'run-a',
  number: 1,
  name: 'baseline',
  state: 'completed',
  startedAt: 1_700_000_000_000,
  durationSeconds: 3,
  backend: 'cpu',
  optimizer: 'adam',
  learningRate: 0.001,
  schedule: null,
  batchSize: 32,
  plannedEpochs: 1,
  stopReason: 'completed',
  error: null,
  epochs: [{ epoch: 1, loss: 0.5, accuracy: 0.9, valLoss: 0.6, valAccuracy: 0.85, lr: null }],
  batch: null,
};

describe('editor store: the run history in the project', () => {
  it('saves the runs with the project and restores them when it is opened', () => {
    const store = createEditorStore();
    store.getState().actions.newFromTemplate('keras-tutorial-cnn');
    store.getState().actions.markSaved('/p/a.filterbank.json');
    store.getState().actions.setRuns([run]);
    expect(store.getState().dirty).toBe(true);
    const text = store.getState().actions.projectText();
    const reopened = createEditorStore();
    reopened.getState().actions.loadProjectText(text, '/p/a.filterbank.json');
    expect(reopened.getState().extras.runs).toEqual([run]);
    expect(reopened.getState().actions.projectFile().runs).toEqual([run]);
  });

  it('opens a project saved before run history with an empty table', () => {
    const store = createEditorStore();
    store.getState().actions.newFromTemplate('keras-tutorial-cnn');
    const old = JSON.parse(store.getState().actions.projectText()) as Record<string, unknown>;
    delete old.runs;
    const reopened = createEditorStore();
    reopened.getState().actions.loadProjectText(JSON.stringify(old), null);
    expect(reopened.getState().extras.runs).toEqual([]);
  });
});
