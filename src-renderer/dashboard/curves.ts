/**
 * A run's loss and accuracy curves as they stream in: per-batch training values (smoothed) and per-epoch
 * validation values, on one x axis measured in epochs (epoch 0, batch 125 of 250 sits at 0.5).
 */
import { EMA_START, emaStep, type EmaState } from './ema';
import type { EpochEvent, ProgressEvent } from './payloads';

export type Point = number | null;

export interface BatchCurve {
  x: number[];
  /** Mean loss over the batches since the previous point (raw, noisy). */
  loss: Point[];
  lossSmooth: Point[];
  accuracy: Point[];
  accuracySmooth: Point[];
}

export interface EpochCurve {
  /** The end of each epoch: epoch index + 1. */
  x: number[];
  loss: Point[];
  accuracy: Point[];
  valLoss: Point[];
  valAccuracy: Point[];
  /** The learning rate during each epoch, when the run logs it (`lr`, as Keras' schedules do). */
  lr: Point[];
}

export interface RunCurves {
  runId: string;
  /** Shown in legends: "Run 2 (adam, lr 0.001)". */
  label: string;
  finished: boolean;
  batch: BatchCurve;
  epochs: EpochCurve;
  /**
   * Where the last progress point was (batches done in its epoch), to turn the running means into per-interval means.
   */
  cursor: { epoch: number; batch: number; loss: number; accuracy: number } | null;
  ema: { loss: EmaState; accuracy: EmaState };
}

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;

export function newRunCurves(runId: string, label: string): RunCurves {
  return {
    runId,
    label,
    finished: false,
    batch: { x: [], loss: [], lossSmooth: [], accuracy: [], accuracySmooth: [] },
    epochs: { x: [], loss: [], accuracy: [], valLoss: [], valAccuracy: [], lr: [] },
    cursor: null,
    ema: { loss: EMA_START, accuracy: EMA_START },
  };
}

const finite = (v: number | undefined): Point => (v !== undefined && Number.isFinite(v) ? v : null);

/**
 * The progress events carry running means over the epoch (as Keras' progress bar), so the mean over the batches
 * since the previous event is (mₙ·n − mₖ·k) / (n − k): the curve then shows what the model does now, not an
 * average that lags behind. (Exact for equal batch sizes; the last, smaller batch of an epoch is weighted alike.)
 */
export function intervalMean(previous: { batch: number; mean: number } | null, batch: number, mean: number): number {
  if (!previous || previous.batch <= 0) return mean;
  return (mean * batch - previous.mean * previous.batch) / (batch - previous.batch);
}

/** Appends a run of progress events (coalesced between two renders) in one step. */
export function appendProgress(
  curves: RunCurves,
  events: readonly ProgressEvent[],
  smoothing = DEFAULT_SMOOTHING,
): RunCurves {
  if (events.length === 0) return curves;
  const b = curves.batch;
  const next: BatchCurve = {
    x: [...b.x],
    loss: [...b.loss],
    lossSmooth: [...b.lossSmooth],
    accuracy: [...b.accuracy],
    accuracySmooth: [...b.accuracySmooth],
  };
  let { cursor, ema } = curves;
  for (const e of events) {
    // The event numbers the batch just done from 0; the running means cover `done` batches.
    const done = e.batch + 1;
    const sameEpoch = cursor !== null && cursor.epoch === e.epoch;
    if (sameEpoch && done <= cursor!.batch) continue;
    if (cursor !== null && e.epoch < cursor.epoch) continue;
    const accuracyMean = e.metrics.accuracy ?? NaN;
    const loss = finite(intervalMean(sameEpoch ? { batch: cursor!.batch, mean: cursor!.loss } : null, done, e.loss));
    const acc = finite(
      intervalMean(sameEpoch ? { batch: cursor!.batch, mean: cursor!.accuracy } : null, done, accuracyMean),
    );
    const accuracy = acc === null ? null : Math.max(0, Math.min(1, acc));
    const l = emaStep(ema.loss, loss, smoothing);
    const a = emaStep(ema.accuracy, accuracy, smoothing);
    ema = { loss: l.state, accuracy: a.state };
    next.x.push(e.epoch + done / Math.max(1, e.batchesPerEpoch));
    next.loss.push(loss);
    next.lossSmooth.push(l.smoothed);
    next.accuracy.push(accuracy);
    next.accuracySmooth.push(a.smoothed);
    cursor = { epoch: e.epoch, batch: done, loss: e.loss, accuracy: accuracyMean };
  }
  return { ...curves, batch: next, cursor, ema };
}

/** Adds (or, for a repeated epoch, replaces) an epoch's training and validation values. */
export function appendEpoch(curves: RunCurves, event: EpochEvent): RunCurves {
  const x = event.epoch + 1;
  const e = curves.epochs;
  const at = e.x.indexOf(x);
  const put = <T>(list: T[], value: T) => (at >= 0 ? list.map((v, i) => (i === at ? value : v)) : [...list, value]);
  return {
    ...curves,
    epochs: {
      x: put(e.x, x),
      loss: put(e.loss, finite(event.logs.loss)),
      accuracy: put(e.accuracy, finite(event.logs.accuracy)),
      valLoss: put(e.valLoss, finite(event.logs.val_loss)),
      valAccuracy: put(e.valAccuracy, finite(event.logs.val_accuracy)),
      lr: put(e.lr, finite(event.logs.learning_rate ?? event.logs.lr)),
    },
  };
}

/** Number of points a run has drawn (batch and epoch points). */
export const pointCount = (c: RunCurves | null): number => (c ? c.batch.x.length + c.epochs.x.length : 0);

export type Metric = 'loss' | 'accuracy';

export interface ChartSeries {
  label: string;
  role: 'raw' | 'smooth' | 'validation' | 'previous-smooth' | 'previous-validation';
}

/**
 * x values and y columns of several tables merged onto one sorted
 * x axis (uPlot's AlignedData), null where a table has no point.
 */
export function alignTables(
  tables: ReadonlyArray<{ x: readonly number[]; ys: ReadonlyArray<readonly Point[]> }>,
): [number[], ...Point[][]] {
  const xs = [...new Set(tables.flatMap((t) => t.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns: Point[][] = [];
  for (const t of tables) {
    for (const y of t.ys) {
      const column: Point[] = new Array<Point>(xs.length).fill(null);
      t.x.forEach((x, i) => (column[index.get(x)!] = y[i] ?? null));
      columns.push(column);
    }
  }
  return [xs, ...columns];
}

/**
 * The columns of one chart: this run's raw and smoothed batch
 * values and its validation, and the previous run's, dimmed.
 */
export function chartData(
  current: RunCurves | null,
  previous: RunCurves | null,
  metric: Metric,
): { series: ChartSeries[]; data: [number[], ...Point[][]] } {
  const series: ChartSeries[] = [];
  const tables: Array<{ x: readonly number[]; ys: Point[][] }> = [];
  const val = metric === 'loss' ? 'valLoss' : 'valAccuracy';
  const smooth = metric === 'loss' ? 'lossSmooth' : 'accuracySmooth';
  const name = metric === 'loss' ? 'loss' : 'accuracy';
  if (current) {
    series.push(
      { label: `${name} (batches)`, role: 'raw' },
      { label: `${name} (smoothed)`, role: 'smooth' },
      { label: `val_${name}`, role: 'validation' },
    );
    tables.push(
      { x: current.batch.x, ys: [current.batch[metric], current.batch[smooth]] },
      { x: current.epochs.x, ys: [current.epochs[val]] },
    );
  }
  if (previous) {
    series.push(
      { label: `previous ${name}`, role: 'previous-smooth' },
      { label: `previous val_${name}`, role: 'previous-validation' },
    );
    tables.push(
      { x: previous.batch.x, ys: [previous.batch[smooth]] },
      { x: previous.epochs.x, ys: [previous.epochs[val]] },
    );
  }
  return { series, data: alignTables(tables) };
}

/** A log axis cannot show zero or negative values: they become gaps. */
export function positiveOnly(data: [number[], ...Point[][]]): [number[], ...Point[][]] {
  const [xs, ...ys] = data;
  return [xs, ...ys.map((col) => col.map((v) => (v !== null && v > 0 ? v : null)))];
}

/** The same run smoothed with another weight (the smoothing slider), continuing from the same state. */
export function resmooth(curves: RunCurves, weight: number): RunCurves {
  let loss = EMA_START;
  let accuracy = EMA_START;
  const lossSmooth = curves.batch.loss.map((v) => {
    const step = emaStep(loss, v, weight);
    loss = step.state;
    return step.smoothed;
  });
  const accuracySmooth = curves.batch.accuracy.map((v) => {
    const step = emaStep(accuracy, v, weight);
    accuracy = step.state;
    return step.smoothed;
  });
  return { ...curves, batch: { ...curves.batch, lossSmooth, accuracySmooth }, ema: { loss, accuracy } };
}
