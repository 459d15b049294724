import { TrainingSettingsSchema } from '../../../src-engine';
import type { DashboardActions } from './dashboard-state';
import { errorView, requestCounter, type DashboardKit } from './kit';
import { datasetSettings, draftFromSettings, isImageInput, modelView } from './model-view';

type DataActions = Pick<
  DashboardActions,
  | 'setModel'
  | 'loadSettings'
  | 'projectReplaced'
  | 'setTraining'
  | 'setDatasetSource'
  | 'setDataset'
  | 'setAugmentation'
  | 'loadBackends'
  | 'loadDataset'
  | 'loadAugmentedPreview'
>;

const THUMBNAILS_PER_CLASS = 8;
const AUGMENTED_PER_CLASS = 4;
const SPLIT_RELOAD_DELAY_MS = 400;

export function createDataActions({ get, set, services }: DashboardKit): DataActions {
  const datasetRequests = requestCounter();
  const augmentedRequests = requestCounter();
  let augmentationSeed = 1;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  /** Reloads the report once the user stops moving the split slider. */
  const reloadSoon = () => {
    if (get().report.status === 'idle') return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void actions.loadDataset(), SPLIT_RELOAD_DELAY_MS);
  };

  /** The folder to read: the chosen one, or the sample digits' (asked for once). */
  const resolvedPath = async (): Promise<string> => {
    const { dataset, samplePath } = get();
    if (dataset.path) return dataset.path;
    if (samplePath) return samplePath;
    const path = await services.samplePath();
    set({ samplePath: path });
    return path;
  };

  /** An evaluation (or one in flight) answers for the dataset and input size it ran with: another one drops it. */
  const dropEvaluation = () => {
    const { evaluation } = get();
    if (evaluation.status !== 'idle') set({ evaluation: { ...evaluation, status: 'idle', value: null, error: null } });
  };

  const actions: DataActions = {
    setModel(graph) {
      const next = modelView(graph);
      const current = get().model;
      if (JSON.stringify(next) === JSON.stringify(current)) return;
      const inputChanged = JSON.stringify(next.input) !== JSON.stringify(current.input);
      set({ model: next });
      if (inputChanged) dropEvaluation();
      // Thumbnails are preprocessed to the model's input size: a new size needs new ones.
      if (inputChanged && get().report.status !== 'idle') void actions.loadDataset();
    },

    loadSettings(training, dataset) {
      const s = get();
      const draft = draftFromSettings(dataset);
      const next = TrainingSettingsSchema.parse(training ?? {});
      set({ training: next, dataset: draft });
      // Another project's folder or split: the report, thumbnails and augmented samples shown are the old ones.
      const split = (t: typeof next) => `${t.validationSplit}/${t.seed}`;
      if (JSON.stringify(draft) !== JSON.stringify(s.dataset) || split(next) !== split(s.training)) {
        const idle = { status: 'idle' as const, value: null, error: null };
        set({ report: idle, thumbnails: idle, augmented: idle });
        dropEvaluation();
        if (s.report.status !== 'idle') void actions.loadDataset();
      }
    },

    projectReplaced() {
      const s = get();
      set({
        featureMaps: { ...s.featureMaps, runId: null, activations: {}, kernels: {}, step: null },
        evaluation: { ...s.evaluation, status: 'idle', value: null, error: null },
        prediction: { status: 'idle', value: null, error: null, name: null },
        trained: null,
        // The old model's checkpoints and pending Start question do not apply to the new one.
        startChoice: null,
        checkpoints: null,
      });
    },

    setTraining(patch) {
      const { training, settingsRevision } = get();
      set({ training: { ...training, ...patch }, settingsRevision: settingsRevision + 1 });
      // The report shows the split: a new fraction or seed splits differently.
      if (
        (patch.validationSplit !== undefined && patch.validationSplit !== training.validationSplit) ||
        (patch.seed !== undefined && patch.seed !== training.seed)
      )
        reloadSoon();
    },

    setDatasetSource(path) {
      set({
        dataset: { ...get().dataset, path },
        settingsRevision: get().settingsRevision + 1,
        augmented: { status: 'idle', value: null, error: null },
      });
      dropEvaluation();
      void actions.loadDataset();
    },

    setDataset(patch) {
      const before = get().dataset;
      set({ dataset: { ...before, ...patch }, settingsRevision: get().settingsRevision + 1 });
      if (
        (patch.validationPath !== undefined && patch.validationPath !== before.validationPath) ||
        (patch.interpolation && patch.interpolation !== before.interpolation) ||
        (patch.background && patch.background.join() !== before.background.join())
      ) {
        dropEvaluation();
        void actions.loadDataset();
      }
    },

    setAugmentation(patch) {
      const { dataset, settingsRevision } = get();
      set({
        dataset: { ...dataset, augmentation: { ...dataset.augmentation, ...patch } },
        settingsRevision: settingsRevision + 1,
      });
    },

    async loadBackends() {
      set({ backends: { ...get().backends, status: 'loading', error: null } });
      try {
        set({ backends: { status: 'ready', value: await services.backends(), error: null } });
      } catch (error) {
        set({ backends: { status: 'error', value: null, error: errorView(error) } });
      }
    },

    async loadDataset() {
      const n = datasetRequests.next();
      const input = get().model.input;
      if (!isImageInput(input)) {
        const error = { message: input.problem, hint: null };
        set({ report: { status: 'error', value: null, error }, thumbnails: { status: 'error', value: null, error } });
        return;
      }
      set({
        report: { ...get().report, status: 'loading', error: null },
        thumbnails: { ...get().thumbnails, status: 'loading', error: null },
      });
      let path: string;
      try {
        path = await resolvedPath();
      } catch (e) {
        const error = errorView(e);
        if (datasetRequests.isLatest(n))
          set({ report: { status: 'error', value: null, error }, thumbnails: { status: 'error', value: null, error } });
        return;
      }
      const dataset = datasetSettings(get().dataset, input, path);
      const { validationSplit, seed } = get().training;
      await Promise.all([
        services.datasetReport(dataset, { validationSplit, seed }).then(
          (value) => datasetRequests.isLatest(n) && set({ report: { status: 'ready', value, error: null } }),
          (e: unknown) =>
            datasetRequests.isLatest(n) && set({ report: { status: 'error', value: null, error: errorView(e) } }),
        ),
        services.datasetPreview({ dataset, perClass: THUMBNAILS_PER_CLASS, augmented: false, seed: 0 }).then(
          (value) => datasetRequests.isLatest(n) && set({ thumbnails: { status: 'ready', value, error: null } }),
          (e: unknown) =>
            datasetRequests.isLatest(n) && set({ thumbnails: { status: 'error', value: null, error: errorView(e) } }),
        ),
      ]);
    },

    async loadAugmentedPreview() {
      const n = augmentedRequests.next();
      const input = get().model.input;
      if (!isImageInput(input)) {
        set({ augmented: { status: 'error', value: null, error: { message: input.problem, hint: null } } });
        return;
      }
      set({ augmented: { ...get().augmented, status: 'loading', error: null } });
      try {
        const dataset = datasetSettings(get().dataset, input, await resolvedPath());
        const value = await services.datasetPreview({
          dataset,
          perClass: AUGMENTED_PER_CLASS,
          augmented: true,
          seed: augmentationSeed++,
        });
        if (augmentedRequests.isLatest(n)) set({ augmented: { status: 'ready', value, error: null } });
      } catch (e) {
        if (augmentedRequests.isLatest(n)) set({ augmented: { status: 'error', value: null, error: errorView(e) } });
      }
    },
  };
  return actions;
}
