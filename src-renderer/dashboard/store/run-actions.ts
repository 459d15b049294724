/**
 * A training run seen from the window: start/pause/resume/stop, and the run's events folded into state.
 * Progress arrives up to once per batch; it is queued and applied at most once per frame, so a fast backend
 * never re-renders the charts hundreds of times a second.
 */
import { appendEpoch, appendProgress, newRunCurves, pointCount, resmooth } from '../curves';
import type {
  DatasetProgressEvent,
  EpochEvent,
  FeatureMapPayload,
  FeatureMapsEvent,
  ProgressEvent,
  StateEvent,
  TrainingInfo,
  TrainingResult,
} from '../payloads';
import type { TrainingEvents } from '../services';
import {
  idleRun,
  isActivePhase,
  type CheckpointsView,
  type DashboardActions,
  type DashboardState,
  type DivergenceWarning,
  type FeatureMapView,
  type HeldRun,
} from './dashboard-state';
import { errorView, type DashboardKit } from './kit';
import { datasetSettings, formatLearningRate, isImageInput, learningRateOf } from './model-view';

type RunActions = Pick<
  DashboardActions,
  | 'start'
  | 'cancelStart'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'flush'
  | 'setSmoothing'
  | 'lowerLearningRate'
  | 'dismissDivergence'
>;

/** Events that arrive before training:start has answered with the run id wait here (bounded). */
const MAX_EARLY_EVENTS = 2000;
/** Earlier runs whose checkpoints the window offers; the main process keeps 20 finished runs. */
export const MAX_EARLIER_HELD_RUNS = 19;

/** The last run joins the earlier ones when another starts (if it got an id: else it kept nothing). */
function heldRuns(checkpoints: CheckpointsView | null): HeldRun[] {
  if (!checkpoints) return [];
  const { runId, before, epochs, diverged, earlier } = checkpoints;
  const all = runId ? [...earlier, { runId, before, epochs, diverged }] : earlier;
  return all.slice(-MAX_EARLIER_HELD_RUNS);
}

export interface RunMachinery {
  actions: RunActions;
  events: TrainingEvents;
}

export function createRunActions(kit: DashboardKit, onFinished: (result: TrainingResult) => void): RunMachinery {
  const { get, set, services } = kit;
  let early: Array<{ runId: string; apply: () => void }> = [];
  let queued: ProgressEvent[] = [];
  /** The latest maps by kind and layer since the last flush (an event may carry only some layers). */
  let queuedMaps: { event: FeatureMapsEvent; maps: Map<string, FeatureMapPayload> } | null = null;
  let scheduled = false;

  /** Runs `apply` for events of the current run; holds them while the run id is not known yet. */
  const accept = (runId: string, apply: () => void) => {
    const { run } = get();
    if (run.runId === runId) apply();
    else if (run.phase === 'requesting' && early.length < MAX_EARLY_EVENTS) early.push({ runId, apply });
  };

  const learningRateOfRun = (): number => learningRateOf(get().run.settings ?? get().training);

  const warnDivergence = (message: string) => {
    const { checkpoints } = get();
    if (checkpoints && !checkpoints.diverged) set({ checkpoints: { ...checkpoints, diverged: true } });
    if (get().divergence) return;
    const learningRate = learningRateOfRun();
    const warning: DivergenceWarning = { message, learningRate, suggested: learningRate / 10 };
    set({ divergence: warning });
  };

  const flush = () => {
    scheduled = false;
    const events = queued;
    const maps = queuedMaps;
    queued = [];
    queuedMaps = null;
    const s = get();
    const patch: Partial<DashboardState> = {};
    if (events.length && s.curves.current) {
      const last = events[events.length - 1];
      patch.curves = { ...s.curves, current: appendProgress(s.curves.current, events, s.curves.smoothing) };
      patch.run = {
        ...s.run,
        progress: {
          epoch: last.epoch,
          epochs: last.epochs,
          batch: last.batch + 1,
          batchesPerEpoch: last.batchesPerEpoch,
          loss: last.loss,
          accuracy: last.metrics.accuracy ?? null,
          samplesPerSecond: last.metrics.samplesPerSecond ?? null,
          etaSeconds: last.metrics.etaSeconds ?? null,
        },
      };
    }
    if (maps) {
      const activations: Record<string, FeatureMapView> = { ...s.featureMaps.activations };
      const kernels: Record<string, FeatureMapView> = { ...s.featureMaps.kernels };
      for (const m of maps.maps.values()) (m.kind === 'kernel' ? kernels : activations)[m.layer] = m;
      patch.featureMaps = {
        ...s.featureMaps,
        runId: maps.event.runId,
        activations,
        kernels,
        step: { epoch: maps.event.epoch, batch: maps.event.batch + 1 },
      };
    }
    if (Object.keys(patch).length) set(patch);
  };

  const later = () => {
    if (scheduled) return;
    scheduled = true;
    kit.schedule(flush);
  };

  const finishCurves = () => {
    const { curves } = get();
    if (curves.current && !curves.current.finished)
      set({ curves: { ...curves, current: { ...curves.current, finished: true } } });
  };

  const events: TrainingEvents = {
    state: (e: StateEvent) =>
      accept(e.runId, () => {
        const terminal = e.state === 'completed' || e.state === 'stopped' || e.state === 'failed';
        if (terminal) flush();
        const { run } = get();
        // A diverged run ends as failed with code 'diverged': the divergence warning already says it, with its fix.
        const error =
          e.error && e.error.code !== 'diverged' ? { message: e.error.message, hint: e.error.hint } : run.error;
        set({ run: { ...run, phase: e.state, error } });
        if (e.error?.code === 'diverged') warnDivergence(e.error.message);
        if (terminal) finishCurves();
      }),
    info: (e: TrainingInfo) => accept(e.runId, () => set({ run: { ...get().run, info: e, datasetProgress: null } })),
    datasetProgress: ({ runId, ...progress }: DatasetProgressEvent) =>
      accept(runId, () => set({ run: { ...get().run, datasetProgress: progress } })),
    progress: (e: ProgressEvent) =>
      accept(e.runId, () => {
        if (!Number.isFinite(e.loss)) {
          warnDivergence(
            `The loss became ${e.loss} at epoch ${e.epoch + 1}, batch ${e.batch + 1}: training diverged. The ` +
              `learning rate is most likely too high.`,
          );
        }
        queued.push(e);
        later();
      }),
    epoch: (e: EpochEvent) =>
      accept(e.runId, () => {
        flush();
        const { curves, checkpoints } = get();
        if (curves.current) set({ curves: { ...curves, current: appendEpoch(curves.current, e) } });
        // The main process keeps this epoch's weights: it can be restored once the run ends.
        if (checkpoints)
          set({
            checkpoints: {
              ...checkpoints,
              runId: e.runId,
              epochs: [...checkpoints.epochs.filter((c) => c.epoch !== e.epoch), { epoch: e.epoch, logs: e.logs }],
            },
          });
        const bad = (['loss', 'val_loss'] as const).find((k) => k in e.logs && !Number.isFinite(e.logs[k]));
        if (bad)
          warnDivergence(
            `${bad} is ${e.logs[bad]} after epoch ${e.epoch + 1}: ` +
              `training diverged. The learning rate is most likely too high.`,
          );
      }),
    featureMaps: (e: FeatureMapsEvent) =>
      accept(e.runId, () => {
        const maps = queuedMaps?.maps ?? new Map<string, FeatureMapPayload>();
        for (const m of e.maps) maps.set(`${m.kind}:${m.layer}`, m);
        queuedMaps = { event: e, maps };
        later();
      }),
    result: (e: TrainingResult) =>
      accept(e.runId, () => {
        flush();
        set({ run: { ...get().run, stopReason: e.stopReason, message: e.message } });
        finishCurves();
        if (e.stopReason === 'diverged')
          warnDivergence(
            e.message ?? 'Training diverged: the loss grew without bound. The learning rate is most likely too high.',
          );
        else onFinished(e);
      }),
  };

  const control = async (action: 'pause' | 'resume' | 'stop') => {
    const { run } = get();
    if (!run.runId || !isActivePhase(run.phase)) return;
    if (action === 'stop') set({ run: { ...run, phase: 'stopping' } });
    try {
      const { state } = await services.controlRun(action, run.runId);
      const now = get().run;
      // A terminal state from the run's own events wins over the control call's answer.
      // A control that worked clears the error of one that failed before: the run is answering again.
      if (now.runId === run.runId && isActivePhase(now.phase)) set({ run: { ...now, phase: state, error: null } });
    } catch (error) {
      set({ run: { ...get().run, error: errorView(error) } });
    }
  };

  const actions: RunActions = {
    async start(project, mode) {
      const s = get();
      if (isActivePhase(s.run.phase)) return;
      // Trained weights are never continued (or thrown away) silently: the run controls ask which it should be.
      if (project.weights && !mode) {
        set({ startChoice: { project, epochs: project.history.length } });
        return;
      }
      set({ startChoice: null });
      const before = project.weights ? project : null;
      if (mode === 'fresh') project = { ...project, weights: null, history: [] };
      const input = s.model.input;
      const number = s.run.number + 1;
      const base = idleRun(number);
      if (!isImageInput(input)) {
        set({ run: { ...base, phase: 'failed', error: { message: input.problem, hint: null } } });
        return;
      }
      const settings = s.training;
      const dataset = datasetSettings(s.dataset, input);
      const previous =
        s.curves.current && pointCount(s.curves.current) > 0
          ? { ...s.curves.current, finished: true }
          : s.curves.previous;
      const lr = learningRateOf(settings);
      const label = `Run ${number} (${settings.optimizer}, lr ${formatLearningRate(lr)})`;
      early = [];
      queued = [];
      queuedMaps = null;
      set({
        run: { ...base, phase: 'requesting', settings, dataset },
        curves: { ...s.curves, current: null, previous },
        divergence: null,
        featureMaps: { ...s.featureMaps, runId: null, activations: {}, kernels: {}, step: null },
        evaluation: { ...s.evaluation, status: 'idle', value: null, error: null },
        checkpoints: {
          runId: null,
          before,
          epochs: [],
          diverged: false,
          earlier: heldRuns(s.checkpoints),
          restored: null,
          busy: false,
          error: null,
        },
      });
      try {
        const { runId } = await services.startTraining({
          project,
          settings,
          dataset,
          featureMapLayers: [],
          pinnedSample: s.pinned?.input ?? null,
        });
        const now = get();
        set({
          run: { ...now.run, runId, phase: now.run.phase === 'requesting' ? 'starting' : now.run.phase },
          curves: { ...now.curves, current: newRunCurves(runId, label) },
          featureMaps: { ...now.featureMaps, runId },
          ...(now.checkpoints && { checkpoints: { ...now.checkpoints, runId } }),
        });
        const waiting = early.filter((e) => e.runId === runId);
        early = [];
        waiting.forEach((e) => e.apply());
      } catch (error) {
        early = [];
        // Unless the watchdog already took up the run the server started (the answer was lost, not the run).
        if (get().run.runId === null) set({ run: { ...get().run, phase: 'failed', error: errorView(error) } });
      }
    },
    pause: () => control('pause'),
    resume: () => control('resume'),
    stop: () => control('stop'),
    flush,
    setSmoothing(weight) {
      const { curves } = get();
      const smoothing = Math.max(0, Math.min(0.99, weight));
      set({
        curves: {
          smoothing,
          current: curves.current && resmooth(curves.current, smoothing),
          previous: curves.previous && resmooth(curves.previous, smoothing),
        },
      });
    },
    lowerLearningRate() {
      const { divergence, training } = get();
      const current = learningRateOf(training);
      const base = divergence ? Math.min(divergence.learningRate, current) : current;
      set({
        training: { ...training, learningRate: Number((base / 10).toPrecision(3)) },
        divergence: null,
        settingsRevision: get().settingsRevision + 1,
      });
    },
    dismissDivergence: () => set({ divergence: null }),
    cancelStart: () => set({ startChoice: null }),
  };
  return { actions, events };
}
