/**
 * The run table's state: the history follows the window's run (a record per run, updated as epochs end) and
 * takes the user's renames, deletions and ticks. The logic is run-history.ts; this binds it to the store.
 */
import {
  clearSelection,
  deleteRun,
  loadRuns,
  renameRun,
  syncLiveRun,
  toggleAll,
  toggleSelected,
  type LiveRun,
  type RunHistory,
} from '../run-history';
import { idleRun, isActivePhase, type DashboardActions, type DashboardState } from './dashboard-state';
import type { DashboardKit } from './kit';
import { learningRateOf } from './model-view';

type HistoryActions = Pick<
  DashboardActions,
  'renameRun' | 'deleteRun' | 'toggleRunSelected' | 'toggleAllRuns' | 'clearRunSelection' | 'loadRuns'
>;

export function liveRun(s: DashboardState): LiveRun {
  const { run } = s;
  const settings = run.settings;
  return {
    number: run.number,
    runId: run.runId,
    phase: run.phase,
    optimizer: settings?.optimizer ?? null,
    learningRate: settings ? learningRateOf(settings) : null,
    schedule: settings && settings.learningRateSchedule.kind !== 'constant' ? settings.learningRateSchedule.kind : null,
    batchSize: settings?.batchSize ?? null,
    plannedEpochs: settings?.epochs ?? null,
    backend: run.info?.backend ?? null,
    stopReason: run.stopReason,
    error: run.error?.message ?? null,
  };
}

/** The history after a state change: only the run and its curves matter, and they change at most once a frame. */
export function followRun(s: DashboardState, prev: DashboardState, now: number): RunHistory | null {
  if (s.run === prev.run && s.curves.current === prev.curves.current) return null;
  const history = syncLiveRun(s.history, liveRun(s), s.curves.current, now);
  return history === s.history ? null : history;
}

/**
 * The run view after another project's runs are loaded: a finished run, its divergence warning and curves belong to
 * the project before (its table is gone); a run still training belongs to the window and is kept.
 */
function runViewFor(s: DashboardState): Partial<DashboardState> {
  if (isActivePhase(s.run.phase)) return {};
  return {
    run: idleRun(s.run.number),
    curves: { ...s.curves, current: null, previous: null },
    divergence: null,
  };
}

export function createHistoryActions({ get, set }: DashboardKit): HistoryActions {
  const update = (f: (h: RunHistory) => RunHistory) => {
    const history = f(get().history);
    if (history !== get().history) set({ history });
  };
  return {
    renameRun: (id, name) => update((h) => renameRun(h, id, name)),
    deleteRun: (id) => update((h) => deleteRun(h, id)),
    toggleRunSelected: (id) => update((h) => toggleSelected(h, id)),
    toggleAllRuns: () => update(toggleAll),
    clearRunSelection: () => update(clearSelection),
    loadRuns: (runs) => set({ ...runViewFor(get()), history: loadRuns(runs, get().run.number) }),
  };
}
