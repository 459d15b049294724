import { describe, expect, it } from 'vitest';
import { newProject, parseProjectFile, serializeProjectFile } from './project-file';
import { MAX_RUNS, type RunRecord } from './run-record';

const run = (id: string, patch: Partial<RunRecord> = {}): RunRecord => ({
  id,
  number: 1,
  name: null,
  state: 'completed',
  startedAt: 1_700_000_000_000,
  durationSeconds: 12.5,
  backend: 'cpu',
  optimizer: 'adam',
  learningRate: null,
  schedule: null,
  batchSize: 32,
  plannedEpochs: 2,
  stopReason: 'completed',
  error: null,
  epochs: [
    { epoch: 1, loss: 1.2, accuracy: 0.6, valLoss: 1.3, valAccuracy: 0.55, lr: null },
    { epoch: 2, loss: 0.8, accuracy: 0.7, valLoss: null, valAccuracy: null, lr: 0.0005 },
  ],
  batch: { x: [0.5, 1], loss: [1.4, 1.1], accuracy: [0.5, null] },
  ...patch,
});

const withRuns = (runs: unknown) =>
  JSON.stringify({ format: 'filterbank-project', version: 1, graph: { name: 'm', nodes: [] }, runs });

describe('project file runs', () => {
  it('round-trips the run history', () => {
    const project = {
      ...newProject({ name: 'm', nodes: [] }),
      runs: [run('a'), run('b', { number: null, state: 'failed' })],
    };
    const back = parseProjectFile(serializeProjectFile(project));
    expect(back.runs).toEqual(project.runs);
  });

  it('opens a file from before run history with no runs', () => {
    const text = JSON.stringify({ format: 'filterbank-project', version: 1, graph: { name: 'm', nodes: [] } });
    expect(parseProjectFile(text).runs).toEqual([]);
  });

  it('refuses damaged or oversized run lists with what is wrong', () => {
    expect(() => parseProjectFile(withRuns([{ id: 'a' }]))).toThrow(/runs\.0\./);
    expect(() => parseProjectFile(withRuns([run('a', { state: 'exploded' as 'failed' })]))).toThrow(/runs\.0\.state/);
    expect(() => parseProjectFile(withRuns(Array.from({ length: MAX_RUNS + 1 }, () => 0)))).toThrow(/at most 100 runs/);
    expect(() => parseProjectFile(withRuns([run('a', { name: 'x'.repeat(201) })]))).toThrow(/runs\.0\.name/);
  });
});
