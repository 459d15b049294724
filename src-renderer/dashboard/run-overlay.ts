/**
 * Runs from the history drawn together on one chart (TensorBoard's run selector): each run in its own colour, its
 * training curve solid and its validation curve dashed, on the epoch axis.
 */
import type { RunRecord } from '../../src-engine';
import { alignTables, type Metric, type Point, type RunCurves } from './curves';
import { runName, thinBatch } from './run-history';

/** Distinguishable on white and on the dark theme; a run keeps its colour by its place in the table. */
export const RUN_COLORS = ['#3563e9', '#e8590c', '#1d8a55', '#b4308f', '#8a6d00', '#0b8da3', '#6741d9', '#c92a2a'];

export const runColor = (runs: readonly RunRecord[], id: string): string => {
  const i = runs.findIndex((r) => r.id === id);
  return RUN_COLORS[(i < 0 ? 0 : i) % RUN_COLORS.length];
};

export interface OverlaySeries {
  label: string;
  runId: string;
  color: string;
  kind: 'train' | 'validation' | 'lr';
}

/**
 * The live and previous curves are named as the run table names their run ("run 2", or the user's name), not by the
 * window's count of starts (which counts failed starts and restarts with each window).
 */
export function curvesLabel(
  runs: readonly RunRecord[],
  curves: Pick<RunCurves, 'runId' | 'label'> | null,
): string | null {
  if (!curves) return null;
  const r = runs.find((x) => x.id === curves.runId);
  if (!r) return curves.label;
  const lr = r.learningRate === null ? '' : `, lr ${Number(r.learningRate.toPrecision(3))}`;
  return r.optimizer ? `${runName(r)} (${r.optimizer}${lr})` : runName(r);
}

/** The run still training keeps no batch curve yet: it is drawn from the live curves (thinned, as when it ends). */
export function withLiveBatch(
  runs: readonly RunRecord[],
  liveId: string | null,
  current: RunCurves | null,
): RunRecord[] {
  return runs.map((r) =>
    r.id === liveId && r.state === 'running' && current && !current.finished
      ? { ...r, batch: thinBatch(current.batch) }
      : r,
  );
}

const hasValues = (column: readonly Point[]) => column.some((v) => v !== null);

/**
 * The columns of one overlay chart: per run its training values (the smoothed batch curve when kept, else one point
 * per epoch) and its validation values; a run without validation values gets no validation series.
 */
export function overlayData(
  all: readonly RunRecord[],
  shown: readonly RunRecord[],
  metric: Metric,
): { series: OverlaySeries[]; data: [number[], ...Point[][]] } {
  const series: OverlaySeries[] = [];
  const tables: Array<{ x: readonly number[]; ys: Point[][] }> = [];
  const val = metric === 'loss' ? 'valLoss' : 'valAccuracy';
  for (const r of shown) {
    const name = runName(r);
    const color = runColor(all, r.id);
    const x = r.epochs.map((e) => e.epoch);
    const fromBatch = r.batch !== null && hasValues(r.batch[metric]);
    const train = fromBatch ? r.batch![metric] : r.epochs.map((e) => e[metric]);
    series.push({ label: `${name} ${metric}`, runId: r.id, color, kind: 'train' });
    tables.push({ x: fromBatch ? r.batch!.x : x, ys: [train] });
    const validation = r.epochs.map((e) => e[val]);
    if (hasValues(validation)) {
      series.push({ label: `${name} val_${metric}`, runId: r.id, color, kind: 'validation' });
      tables.push({ x, ys: [validation] });
    }
  }
  return { series, data: alignTables(tables) };
}

/** The learning rate per epoch of the runs whose rate changed (a constant rate is in the run table: no chart). */
export function learningRateData(
  all: readonly RunRecord[],
  shown: readonly RunRecord[],
): { series: OverlaySeries[]; data: [number[], ...Point[][]] } {
  const logged = shown.filter((r) => new Set(r.epochs.flatMap((e) => (e.lr === null ? [] : [e.lr]))).size > 1);
  return {
    series: logged.map((r) => ({ label: `${runName(r)} lr`, runId: r.id, color: runColor(all, r.id), kind: 'lr' })),
    data: alignTables(logged.map((r) => ({ x: r.epochs.map((e) => e.epoch), ys: [r.epochs.map((e) => e.lr)] }))),
  };
}
