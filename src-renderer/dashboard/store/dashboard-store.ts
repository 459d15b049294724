import { createStore, type StoreApi } from 'zustand/vanilla';
import { ProjectFileSchema, defaultTrainingSettings } from '../../../src-engine';
import { DEFAULT_SMOOTHING } from '../curves';
import { emptyHistory } from '../run-history';
import type { TrainingResult } from '../payloads';
import type { DashboardServices } from '../services';
import { createDataActions } from './data-actions';
import { idleRun, type DashboardState } from './dashboard-state';
import { createEvaluationActions } from './evaluation-actions';
import { createHistoryActions, followRun } from './history-actions';
import type { DashboardStoreOptions, DashboardKit } from './kit';
import { defaultDatasetDraft, modelView } from './model-view';
import { createRunActions } from './run-actions';
import { createCheckpointActions } from './checkpoint-actions';
import { watchRuns } from './run-watchdog';

export type DashboardStore = StoreApi<DashboardState>;

const idle = { status: 'idle' as const, value: null, error: null };

const nextFrame = (flush: () => void) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

/**
 * The dashboard's state for one window: dataset and training settings, the run and its streamed curves and
 * feature maps, evaluation and prediction. Free of React and the DOM (tested in node); the panels read it
 * through narrow selectors. It listens to the services' training events from creation until `dispose()`.
 */
export function createDashboardStore(services: DashboardServices, options: DashboardStoreOptions = {}): DashboardStore {
  let unsubscribe: () => void = () => undefined;
  let stopWatching: () => void = () => undefined;
  const store = createStore<DashboardState>()((set, get) => {
    const kit: DashboardKit = { get, set, services, schedule: options.schedule ?? nextFrame };
    const data = createDataActions(kit);
    const { weightsChanged, ...evaluation } = createEvaluationActions(kit);
    const onFinished = (result: TrainingResult) => {
      const parsed = ProjectFileSchema.safeParse(result.project);
      if (!parsed.success) {
        set({
          run: {
            ...get().run,
            error: {
              message: 'The finished run sent back a project this version cannot read, so its weights were not kept.',
              hint: 'Train again; if it persists, report it.',
            },
          },
        });
        return;
      }
      set({ trained: { project: parsed.data, runId: result.runId } });
      const validationSize = get().run.info?.validationSize ?? 0;
      set({ evaluation: { ...get().evaluation, subset: validationSize > 0 ? 'validation' : 'all' } });
      void evaluation.evaluate(parsed.data);
      weightsChanged(parsed.data);
    };
    const run = createRunActions(kit, onFinished);
    const checkpoints = createCheckpointActions(kit, (project) => {
      weightsChanged(project);
      return evaluation.evaluate(project);
    });
    const history = createHistoryActions(kit);
    unsubscribe = services.subscribe(run.events);
    return {
      model: modelView(null),
      training: defaultTrainingSettings(),
      dataset: defaultDatasetDraft(),
      settingsRevision: 0,
      samplePath: null,
      report: idle,
      thumbnails: idle,
      augmented: idle,
      backends: idle,
      run: idleRun(0),
      curves: { current: null, previous: null, smoothing: DEFAULT_SMOOTHING },
      history: emptyHistory(),
      featureMaps: { runId: null, activations: {}, kernels: {}, step: null, normalisation: 'layer' },
      pinned: null,
      divergence: null,
      evaluation: { ...idle, subset: 'validation' },
      prediction: { ...idle, name: null },
      trained: null,
      startChoice: null,
      checkpoints: null,
      weights: { trained: false, untrained: [], resetRevision: 0 },
      actions: {
        ...data,
        ...run.actions,
        ...checkpoints,
        ...evaluation,
        ...history,
        setNormalisation: (normalisation) => set({ featureMaps: { ...get().featureMaps, normalisation } }),
        setWeightsStatus: (trained, untrained) => set({ weights: { ...get().weights, trained, untrained } }),
        resetWeights() {
          const { weights } = get();
          data.projectReplaced();
          set({ weights: { ...weights, resetRevision: weights.resetRevision + 1 } });
        },
        dismissError(view) {
          const s = get();
          if (view === 'run') set({ run: { ...s.run, error: null } });
          else if (s[view].status === 'error') set({ [view]: { ...s[view], status: 'idle', error: null } });
        },
        dispose: () => {
          unsubscribe();
          stopWatching();
        },
      },
    };
  });
  const now = options.now ?? Date.now;
  store.subscribe((s, prev) => {
    const history = followRun(s, prev, now());
    if (history) store.setState({ history });
  });
  stopWatching = watchRuns({ get: store.getState, set: store.setState, services }, (listener) =>
    store.subscribe((s, prev) => listener(s.run, prev.run)),
  );
  return store;
}
