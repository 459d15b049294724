/**
 * Every training run of the project, as TensorBoard's run selector keeps them: the run table, which runs are
 * overlaid on the curves, their CSV export, and what is saved with the project. Pure: the store feeds it the live
 * run and the clock.
 */
import { MAX_RUNS, MAX_RUN_BATCH_POINTS, type RunEpoch, type RunRecord, type RunRecordState } from '../../src-engine';
import type { BatchCurve, Point, RunCurves } from './curves';

export interface RunHistory {
  /** Oldest first. */
  runs: RunRecord[];
  /** Ids of the runs ticked in the table (overlaid on the curves when two or more). */
  selected: string[];
  /** The window's run (RunView.number) the newest record follows; runs before it are history. */
  live: { number: number; id: string } | { number: number; id: null } | null;
  /** Counts changes worth saving (a run ended, was renamed or deleted), not live progress. */
  revision: number;
}

/** What the history needs to know of the window's current run. */
export interface LiveRun {
  /** Counts starts in this window; 0 before the first. */
  number: number;
  runId: string | null;
  phase: 'idle' | 'requesting' | 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';
  optimizer: string | null;
  learningRate: number | null;
  /** The schedule's kind; null for a constant rate. */
  schedule: string | null;
  batchSize: number | null;
  plannedEpochs: number | null;
  backend: string | null;
  stopReason: string | null;
  error: string | null;
}

export const MAX_RUN_NAME = 200;

export const emptyHistory = (): RunHistory => ({ runs: [], selected: [], live: null, revision: 0 });

/** The name the table and legends show. */
export const runName = (r: Pick<RunRecord, 'name' | 'number'>): string =>
  r.name ?? (r.number === null ? 'failed run' : `run ${r.number}`);

/**
 * The table's record of a training run id: its own id, or the id with a "~2" suffix when a saved run held the same
 * one (uniqueId); the newest such record, as the live run is added last.
 */
export function recordOfRun(h: Pick<RunHistory, 'runs'>, runId: string): RunRecord | null {
  const matches = h.runs.filter(
    (r) => r.id === runId || (r.id.startsWith(`${runId}~`) && /^~\d+$/.test(r.id.slice(runId.length))),
  );
  return matches[matches.length - 1] ?? null;
}

/** The training run id of a table record (without the suffix uniqueId may have added). */
export const runIdOfRecord = (recordId: string): string => recordId.replace(/~\d+$/, '');

function stateOf(phase: LiveRun['phase']): RunRecordState | null {
  if (phase === 'idle' || phase === 'requesting') return null;
  if (phase === 'completed' || phase === 'stopped' || phase === 'failed') return phase;
  return 'running';
}

/** A saved project may hold a run id again (ids from another machine or a test double): records stay distinct. */
function uniqueId(runs: readonly RunRecord[], id: string): string {
  const taken = new Set(runs.map((r) => r.id));
  let unique = id;
  for (let n = 2; taken.has(unique); n++) unique = `${id}~${n}`;
  return unique;
}

const nextNumber = (runs: readonly RunRecord[]): number => Math.max(0, ...runs.map((r) => r.number ?? 0)) + 1;

export function epochsFromCurves(curves: RunCurves): RunEpoch[] {
  const e = curves.epochs;
  return e.x.map((epoch, i) => ({
    epoch,
    loss: e.loss[i] ?? null,
    accuracy: e.accuracy[i] ?? null,
    valLoss: e.valLoss[i] ?? null,
    valAccuracy: e.valAccuracy[i] ?? null,
    lr: e.lr[i] ?? null,
  }));
}

/** The smoothed batch curve, every k-th point (and the last), so a long run keeps at most `max` points. */
export function thinBatch(batch: BatchCurve, max = MAX_RUN_BATCH_POINTS): RunRecord['batch'] {
  const n = batch.x.length;
  if (n === 0) return null;
  const step = Math.ceil(n / max);
  const keep: number[] = [];
  for (let i = n - 1; i >= 0 && keep.length < max; i -= step) keep.unshift(i);
  return {
    x: keep.map((i) => batch.x[i]),
    loss: keep.map((i) => batch.lossSmooth[i] ?? null),
    accuracy: keep.map((i) => batch.accuracySmooth[i] ?? null),
  };
}

function withRuns(h: RunHistory, runs: RunRecord[], saved: boolean): RunHistory {
  // The oldest runs go first once the project holds too many.
  const kept = runs.length > MAX_RUNS ? runs.slice(runs.length - MAX_RUNS) : runs;
  const ids = new Set(kept.map((r) => r.id));
  return {
    ...h,
    runs: kept,
    selected: h.selected.filter((id) => ids.has(id)),
    revision: saved ? h.revision + 1 : h.revision,
  };
}

/**
 * Follows the window's run: a record appears when the run has an id (or failed before it got one), takes its
 * epochs, state and outcome as they come, and counts as a numbered run unless it failed.
 */
export function syncLiveRun(h: RunHistory, live: LiveRun, curves: RunCurves | null, now: number): RunHistory {
  const state = stateOf(live.phase);
  if (live.number === 0 || state === null) return h;
  if (h.live?.number === live.number && h.live.id === null) return h;
  const isNew = h.live?.number !== live.number;
  if (isNew && live.runId === null && state !== 'failed') return h;
  const id = isNew ? uniqueId(h.runs, live.runId ?? `failed-${now}`) : h.live!.id!;
  const at = isNew ? -1 : h.runs.findIndex((r) => r.id === id);
  const old: RunRecord | null = at >= 0 ? h.runs[at] : null;
  if (!isNew && !old) return h;
  const ownCurves = curves && live.runId !== null && curves.runId === live.runId ? curves : null;
  const ended = state !== 'running';
  // Called on every progress frame: nothing is copied unless an epoch ended or the state changed.
  const changed =
    !old ||
    old.state !== state ||
    old.epochs.length !== (ownCurves ? ownCurves.epochs.x.length : old.epochs.length) ||
    old.backend !== (live.backend ?? old.backend) ||
    old.stopReason !== live.stopReason ||
    old.error !== live.error;
  if (!changed) return h;
  const epochs = ownCurves ? epochsFromCurves(ownCurves) : (old?.epochs ?? []);
  const startedAt = old?.startedAt ?? now;
  const record: RunRecord = {
    id,
    number: state === 'failed' ? null : (old?.number ?? nextNumber(h.runs)),
    name: old?.name ?? null,
    state,
    startedAt,
    durationSeconds: Math.max(0, (now - startedAt) / 1000),
    backend: live.backend ?? old?.backend ?? null,
    optimizer: live.optimizer,
    learningRate: live.learningRate,
    schedule: live.schedule,
    batchSize: live.batchSize,
    plannedEpochs: live.plannedEpochs,
    stopReason: live.stopReason,
    error: live.error,
    epochs,
    batch: ended && ownCurves ? thinBatch(ownCurves.batch) : (old?.batch ?? null),
  };
  const runs = old ? h.runs.map((r, i) => (i === at ? record : r)) : [...h.runs, record];
  const next = withRuns(h, runs, ended && old?.state !== state);
  // Runs ticked for comparison: a new run joins them, so the comparison goes on with it.
  const selected = !old && next.selected.length ? [...next.selected, id] : next.selected;
  return { ...next, selected, live: { number: live.number, id } };
}

/** A blank name returns to the default "run N". */
export function renameRun(h: RunHistory, id: string, name: string): RunHistory {
  const trimmed = name.trim().slice(0, MAX_RUN_NAME);
  const runs = h.runs.map((r) => (r.id === id ? { ...r, name: trimmed === '' ? null : trimmed } : r));
  return withRuns(h, runs, true);
}

export function deleteRun(h: RunHistory, id: string): RunHistory {
  if (h.live?.id === id && h.runs.find((r) => r.id === id)?.state === 'running') return h;
  return withRuns(
    h,
    h.runs.filter((r) => r.id !== id),
    true,
  );
}

export function toggleSelected(h: RunHistory, id: string): RunHistory {
  if (!h.runs.some((r) => r.id === id)) return h;
  const selected = h.selected.includes(id) ? h.selected.filter((s) => s !== id) : [...h.selected, id];
  return { ...h, selected };
}

export const clearSelection = (h: RunHistory): RunHistory => (h.selected.length ? { ...h, selected: [] } : h);

/** Ticks every run, or none when all are ticked already. */
export function toggleAll(h: RunHistory): RunHistory {
  const all = h.runs.length > 0 && h.selected.length === h.runs.length;
  return { ...h, selected: all ? [] : h.runs.map((r) => r.id) };
}

/** Runs from an opened project; the window's current run (if any) belongs to the project before and is not followed. */
export function loadRuns(runs: readonly RunRecord[], liveNumber: number): RunHistory {
  return {
    runs: runs.slice(-MAX_RUNS),
    selected: [],
    live: liveNumber > 0 ? { number: liveNumber, id: null } : null,
    revision: 0,
  };
}

/** What the project file keeps: runs that ended (a run still going is saved once it ends). */
export const savedRuns = (h: RunHistory): RunRecord[] => h.runs.filter((r) => r.state !== 'running');

/** Ticked runs in table order: the curves show them instead of the live run while any is ticked. */
export const selectedRuns = (h: RunHistory): RunRecord[] => h.runs.filter((r) => h.selected.includes(r.id));

/** The runs to export: the ticked ones, or all when none is ticked. */
export const exportedRuns = (h: RunHistory): RunRecord[] => (h.selected.length ? selectedRuns(h) : h.runs);

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvNumber = (v: Point | undefined): string => (v === null || v === undefined ? '' : String(v));

/** One row per epoch per run; an `lr` column when any run logged its learning rate. */
export function historyCsv(runs: readonly RunRecord[]): string {
  const withLr = runs.some((r) => r.epochs.some((e) => e.lr !== null));
  const header = ['run', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', ...(withLr ? ['lr'] : [])];
  const rows = runs.flatMap((r) =>
    r.epochs.map((e) =>
      [
        csvCell(runName(r)),
        String(e.epoch),
        csvNumber(e.loss),
        csvNumber(e.accuracy),
        csvNumber(e.valLoss),
        csvNumber(e.valAccuracy),
        ...(withLr ? [csvNumber(e.lr)] : []),
      ].join(','),
    ),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** The last epoch's values (the table's "final" columns). */
export const finalEpoch = (r: RunRecord): RunEpoch | null => r.epochs[r.epochs.length - 1] ?? null;
