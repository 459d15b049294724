import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src-engine';
import { appendProgress, newRunCurves } from './curves';
import { curvesLabel, learningRateData, overlayData, RUN_COLORS, runColor, withLiveBatch } from './run-overlay';

const run = (id: string, number: number, epochs: Array<Partial<RunRecord['epochs'][number]>>): RunRecord => ({
  id,
  number,
  name: null,
  state: 'completed',
  startedAt: 0,
  durationSeconds: 1,
  backend: 'cpu',
  optimizer: 'adam',
  learningRate: 0.001,
  schedule: null,
  batchSize: 32,
  plannedEpochs: epochs.length,
  stopReason: 'completed',
  error: null,
  epochs: epochs.map((e, i) => ({
    epoch: i + 1,
    loss: null,
    accuracy: null,
    valLoss: null,
    valAccuracy: null,
    lr: null,
    ...e,
  })),
  batch: null,
});

describe('overlayData', () => {
  const a = run('a', 1, [
    { loss: 2, valLoss: 2.1 },
    { loss: 1, valLoss: 1.2 },
  ]);
  const b = run('b', 2, [{ loss: 1.5 }, { loss: 0.5 }, { loss: 0.25 }]);

  it('gives each run a training and (when it has one) a validation series in its colour', () => {
    const { series, data } = overlayData([a, b], [a, b], 'loss');
    expect(series.map((s) => [s.label, s.kind, s.color])).toEqual([
      ['run 1 loss', 'train', RUN_COLORS[0]],
      ['run 1 val_loss', 'validation', RUN_COLORS[0]],
      ['run 2 loss', 'train', RUN_COLORS[1]],
    ]);
    expect(data).toEqual([
      [1, 2, 3],
      [2, 1, null],
      [2.1, 1.2, null],
      [1.5, 0.5, 0.25],
    ]);
  });

  it('draws the kept batch curve instead of one point per epoch', () => {
    const withBatch = {
      ...a,
      batch: { x: [0.5, 1, 1.5, 2], loss: [2.4, 2, 1.4, 1], accuracy: [null, null, null, null] },
    };
    const { data } = overlayData([withBatch], [withBatch], 'loss');
    expect(data[0]).toEqual([0.5, 1, 1.5, 2]);
    expect(data[1]).toEqual([2.4, 2, 1.4, 1]);
    expect(data[2]).toEqual([null, 2.1, null, 1.2]);
    // No accuracy in the batch curve: the epochs' accuracy is used.
    expect(overlayData([withBatch], [withBatch], 'accuracy').data[0]).toEqual([1, 2]);
  });

  it('keeps a run’s colour whichever runs are shown', () => {
    expect(overlayData([a, b], [b], 'loss').series[0].color).toBe(RUN_COLORS[1]);
    expect(runColor([a, b], 'b')).toBe(RUN_COLORS[1]);
  });
});

describe('curvesLabel', () => {
  it('names the live curves as the run table names the run', () => {
    const a = run('a', 2, []);
    expect(curvesLabel([a], { runId: 'a', label: 'Run 3 (adam, lr 0.001)' })).toBe('run 2 (adam, lr 0.001)');
    expect(curvesLabel([{ ...a, name: 'wide' }], { runId: 'a', label: 'Run 3' })).toBe('wide (adam, lr 0.001)');
    expect(curvesLabel([a], { runId: 'other', label: 'Run 3' })).toBe('Run 3');
    expect(curvesLabel([a], null)).toBeNull();
  });
});

describe('withLiveBatch', () => {
  it('draws the run still training from its live batch curve', () => {
    const running = { ...run('c', 3, []), state: 'running' as const };
    const done = run('a', 1, [{ loss: 1 }]);
    const current = appendProgress(newRunCurves('run-c', 'Run 3'), [
      { runId: 'run-c', epoch: 0, epochs: 1, batch: 0, batchesPerEpoch: 2, loss: 2, metrics: {}, samplesSeen: 0 },
    ]);
    const [a, c] = withLiveBatch([done, running], 'c', current);
    expect(a).toBe(done);
    expect(c.batch?.x).toEqual([0.5]);
    expect(withLiveBatch([running], 'c', { ...current, finished: true })[0].batch).toBeNull();
  });
});

describe('learningRateData', () => {
  it('has a series only for runs whose learning rate changed', () => {
    const a = run('a', 1, [{ lr: 0.01 }, { lr: 0.005 }]);
    const b = run('b', 2, [{ loss: 1 }]);
    const { series, data } = learningRateData([a, b], [a, b]);
    expect(series.map((s) => s.label)).toEqual(['run 1 lr']);
    expect(data).toEqual([
      [1, 2],
      [0.01, 0.005],
    ]);
    expect(learningRateData([b], [b]).series).toEqual([]);
    const constant = run('c', 3, [{ lr: 0.001 }, { lr: 0.001 }]);
    expect(learningRateData([constant], [constant]).series).toEqual([]);
  });
});
