import { describe, expect, it } from 'vitest';
import {
  alignTables,
  appendEpoch,
  appendProgress,
  chartData,
  intervalMean,
  newRunCurves,
  pointCount,
  positiveOnly,
  resmooth,
} from './curves';
import { emaSmooth } from './ema';
import type { ProgressEvent } from './payloads';

/** After `done` batches of `epoch` (the event numbers that batch done - 1, from 0). */
const progress = (epoch: number, done: number, loss: number, accuracy: number, batchesPerEpoch = 4): ProgressEvent => ({
  runId: 'run-1',
  epoch,
  epochs: 2,
  batch: done - 1,
  batchesPerEpoch,
  loss,
  metrics: { accuracy, samplesPerSecond: 100, etaSeconds: 5 },
  samplesSeen: 0,
});

/** Running means of per-batch values, as the engine reports them. */
const runningMeans = (values: number[]) =>
  values.map((_, i) => values.slice(0, i + 1).reduce((a, b) => a + b, 0) / (i + 1));

describe('intervalMean', () => {
  it('recovers per-batch values from running means', () => {
    const batchLosses = [2.3, 1.9, 1.2, 0.8];
    const means = runningMeans(batchLosses);
    expect(intervalMean(null, 1, means[0])).toBeCloseTo(2.3, 12);
    for (let b = 1; b < 4; b++)
      expect(intervalMean({ batch: b, mean: means[b - 1] }, b + 1, means[b])).toBeCloseTo(batchLosses[b], 12);
  });

  it('gives the mean over the skipped batches when events are sparse', () => {
    const batchLosses = [2, 1, 0.5, 0.25];
    const means = runningMeans(batchLosses);
    expect(intervalMean({ batch: 1, mean: means[0] }, 4, means[3])).toBeCloseTo((1 + 0.5 + 0.25) / 3, 12);
  });
});

describe('appendProgress', () => {
  const losses = [2.3, 1.9, 1.2, 0.8];
  const accs = [0.1, 0.3, 0.5, 0.75];
  const lossMeans = runningMeans(losses);
  const accMeans = runningMeans(accs);
  const epoch0 = losses.map((_, i) => progress(0, i + 1, lossMeans[i], accMeans[i]));

  it('places batches at fractional epochs and de-averages loss and accuracy', () => {
    const c = appendProgress(newRunCurves('run-1', 'Run 1'), epoch0, 0.6);
    expect(c.batch.x).toEqual([0.25, 0.5, 0.75, 1]);
    c.batch.loss.forEach((v, i) => expect(v).toBeCloseTo(losses[i], 10));
    c.batch.accuracy.forEach((v, i) => expect(v).toBeCloseTo(accs[i], 10));
    const expected = emaSmooth(losses, 0.6);
    c.batch.lossSmooth.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
  });

  it('coalesced events give the same curve as one-by-one events', () => {
    let oneByOne = newRunCurves('run-1', 'Run 1');
    for (const e of epoch0) oneByOne = appendProgress(oneByOne, [e]);
    const together = appendProgress(newRunCurves('run-1', 'Run 1'), epoch0);
    expect(together.batch).toEqual(oneByOne.batch);
    expect(together.ema).toEqual(oneByOne.ema);
  });

  it('restarts the running mean at a new epoch and ignores repeated or stale events', () => {
    let c = appendProgress(newRunCurves('run-1', 'Run 1'), epoch0);
    c = appendProgress(c, [
      progress(1, 1, 0.6, 0.8),
      progress(1, 1, 0.6, 0.8),
      progress(0, 4, 1, 0.5),
      progress(1, 2, 0.5, 0.85),
    ]);
    expect(c.batch.x).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5]);
    expect(c.batch.loss[4]).toBeCloseTo(0.6, 12);
    expect(c.batch.loss[5]).toBeCloseTo(0.4, 12);
    expect(c.batch.accuracy[5]).toBeCloseTo(0.9, 12);
  });

  it('a NaN loss becomes a gap and does not poison the smoothing', () => {
    const c = appendProgress(newRunCurves('run-1', 'Run 1'), [progress(0, 1, 1, 0.5), progress(0, 2, NaN, 0.5)]);
    expect(c.batch.loss[1]).toBeNull();
    expect(c.batch.lossSmooth[1]).toBeNull();
    expect(c.ema.loss.count).toBe(1);
  });

  it('resmoothing with another weight equals smoothing from scratch', () => {
    const c = resmooth(appendProgress(newRunCurves('run-1', 'Run 1'), epoch0, 0.6), 0.9);
    const fresh = appendProgress(newRunCurves('run-1', 'Run 1'), epoch0, 0.9);
    expect(c.batch).toEqual(fresh.batch);
    expect(c.ema).toEqual(fresh.ema);
  });
});

describe('appendEpoch', () => {
  it('adds epoch points at the end of each epoch, replacing a repeated epoch', () => {
    let c = appendEpoch(newRunCurves('run-1', 'Run 1'), {
      runId: 'run-1',
      epoch: 0,
      epochs: 2,
      logs: { loss: 0.5, accuracy: 0.8, val_loss: 0.4, val_accuracy: 0.85 },
    });
    c = appendEpoch(c, { runId: 'run-1', epoch: 1, epochs: 2, logs: { loss: 0.3, accuracy: 0.9 } });
    c = appendEpoch(c, {
      runId: 'run-1',
      epoch: 1,
      epochs: 2,
      logs: { loss: 0.3, accuracy: 0.9, val_loss: 0.35, val_accuracy: 0.88 },
    });
    expect(c.epochs).toEqual({
      x: [1, 2],
      loss: [0.5, 0.3],
      accuracy: [0.8, 0.9],
      valLoss: [0.4, 0.35],
      valAccuracy: [0.85, 0.88],
      lr: [null, null],
    });
    expect(pointCount(c)).toBe(2);
  });

  it('keeps the learning rate a run logs per epoch', () => {
    let c = appendEpoch(newRunCurves('run-1', 'Run 1'), { runId: 'run-1', epoch: 0, epochs: 2, logs: { lr: 0.01 } });
    c = appendEpoch(c, { runId: 'run-1', epoch: 1, epochs: 2, logs: { loss: 1, lr: 0.005 } });
    expect(c.epochs.lr).toEqual([0.01, 0.005]);
  });

  it("reads the training worker's learning_rate (Keras 3's History name) as well as lr", () => {
    const c = appendEpoch(newRunCurves('run-1', 'Run 1'), {
      runId: 'run-1',
      epoch: 0,
      epochs: 1,
      logs: { loss: 1, learning_rate: 0.002 },
    });
    expect(c.epochs.lr).toEqual([0.002]);
  });
});

describe('chart columns', () => {
  it('aligns tables with different x values, null where a table has no point', () => {
    expect(
      alignTables([
        { x: [0.5, 1], ys: [[1, 2]] },
        {
          x: [1, 2],
          ys: [
            [10, 20],
            [7, 8],
          ],
        },
      ]),
    ).toEqual([
      [0.5, 1, 2],
      [1, 2, null],
      [null, 10, 20],
      [null, 7, 8],
    ]);
  });

  it('shows the current run and the previous one dimmed, in that order', () => {
    const previous = appendEpoch(appendProgress(newRunCurves('run-1', 'Run 1'), [progress(0, 2, 1, 0.5, 2)]), {
      runId: 'run-1',
      epoch: 0,
      epochs: 1,
      logs: { val_loss: 0.9, val_accuracy: 0.6 },
    });
    const current = appendProgress(newRunCurves('run-2', 'Run 2'), [progress(0, 1, 2, 0.2, 2)]);
    const { series, data } = chartData(current, previous, 'loss');
    expect(series.map((s) => s.role)).toEqual([
      'raw',
      'smooth',
      'validation',
      'previous-smooth',
      'previous-validation',
    ]);
    expect(data[0]).toEqual([0.5, 1]);
    expect(data[1]).toEqual([2, null]);
    expect(data[4]).toEqual([null, 1]);
    expect(data[5]).toEqual([null, 0.9]);
    expect(chartData(null, null, 'accuracy')).toEqual({ series: [], data: [[]] });
  });

  it('drops non-positive values for a log axis', () => {
    expect(
      positiveOnly([
        [1, 2, 3],
        [0.5, 0, -1],
        [null, 2, 3],
      ]),
    ).toEqual([
      [1, 2, 3],
      [0.5, null, null],
      [null, 2, 3],
    ]);
  });
});
