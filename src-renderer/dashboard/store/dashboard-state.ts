import type {
  ModelGraph,
  ProjectFile,
  Augmentation,
  DatasetSettings,
  RunRecord,
  TrainingSettings,
} from '../../../src-engine';
import type { FeatureMapData, Normalisation } from '../channel-grid';
import type { RunCurves } from '../curves';
import type { RunHistory } from '../run-history';
import type {
  BackendList,
  DatasetPreview,
  DatasetProgressEvent,
  DatasetReportResult,
  EvaluationReport,
  ImageInput,
  Prediction,
  StopReason,
  Thumbnail,
  TrainingInfo,
  TrainingState,
} from '../payloads';
import type { DatasetDraft, ModelView } from './model-view';

export interface ErrorView {
  message: string;
  hint: string | null;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable<T> {
  status: LoadStatus;
  value: T | null;
  error: ErrorView | null;
}

/** 'requesting': training:start sent, no run id yet. */
export type RunPhase = 'idle' | 'requesting' | TrainingState;

export interface ProgressView {
  /** 0-based. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch. */
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  accuracy: number | null;
  samplesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface RunView {
  runId: string | null;
  /** Counts runs started in this window (for curve labels). */
  number: number;
  phase: RunPhase;
  info: TrainingInfo | null;
  /** Decoding the images before the first epoch. */
  datasetProgress: Omit<DatasetProgressEvent, 'runId'> | null;
  progress: ProgressView | null;
  error: ErrorView | null;
  stopReason: StopReason | null;
  message: string | null;
  /** What the run was started with (Evaluate uses the Data tab's dataset as it is now). */
  settings: TrainingSettings | null;
  dataset: DatasetSettings | null;
}

export interface DivergenceWarning {
  message: string;
  /** The learning rate the run used, and a tenth of it. */
  learningRate: number;
  suggested: number;
}

/** How Start treats a model that already has trained weights. */
export type StartMode = 'continue' | 'fresh';

/** Start was pressed on a model with trained weights: the dialog asks whether to continue or start fresh. */
export interface StartChoice {
  project: ProjectFile;
  /** Epochs the weights have trained (their saved history). */
  epochs: number;
}

/** Which weights of a run to make the trained model. */
export type RestoreTarget = { epoch: number } | { best: 'val_loss' | 'val_accuracy' } | 'before';

/** A run of this window whose epoch weights the main process keeps (in its memory only, for this session). */
export interface HeldRun {
  runId: string;
  /** The project as it was before the run, to undo the run; null when it had no trained weights. */
  before: ProjectFile | null;
  /** The run's finished epochs (0-based, counted on from the weights it continued) with their Keras logs. */
  epochs: { epoch: number; logs: Record<string, number> }[];
  /** It diverged: its epochs are no model to go back to, an earlier run's are. */
  diverged: boolean;
}

/** The last run's epochs (and earlier runs') whose weights the main process keeps, and what was restored. */
export interface CheckpointsView extends Omit<HeldRun, 'runId'> {
  /** The last run; null until training:start answers. */
  runId: string | null;
  /** Earlier runs of this window, oldest first (the main process keeps the last few). */
  earlier: HeldRun[];
  /** What the trained model now holds when it came from a restore ("epoch 3 of run 2"). */
  restored: string | null;
  busy: boolean;
  error: ErrorView | null;
}

export type FeatureMapView = FeatureMapData & { layer: string };

export interface FeatureMapsView {
  runId: string | null;
  /** Latest activations by node id. */
  activations: Readonly<Record<string, FeatureMapView>>;
  /** Latest filters (the first conv layer's kernel) by node id. */
  kernels: Readonly<Record<string, FeatureMapView>>;
  /** When they were taken: 0-based epoch, batches done in it. */
  step: { epoch: number; batch: number } | null;
  normalisation: Normalisation;
}

/** The sample whose feature maps the next run streams. */
export interface PinnedView {
  input: ImageInput;
  label: string;
  /** Preprocessed pixels when it came from the dataset thumbnails. */
  thumbnail: Thumbnail | null;
  /** Type of dropped bytes, to show them. */
  mime: string | null;
}

export interface DashboardState {
  model: ModelView;
  training: TrainingSettings;
  dataset: DatasetDraft;
  /** Counts the user's edits of `training` and `dataset` (not loadSettings), so the host saves only those. */
  settingsRevision: number;
  /** The sample digits' folder once known. */
  samplePath: string | null;
  report: Loadable<DatasetReportResult>;
  thumbnails: Loadable<DatasetPreview>;
  augmented: Loadable<DatasetPreview>;
  backends: Loadable<BackendList>;
  run: RunView;
  curves: { current: RunCurves | null; previous: RunCurves | null; smoothing: number };
  /** Every run of the project (the run table), saved with it. */
  history: RunHistory;
  featureMaps: FeatureMapsView;
  pinned: PinnedView | null;
  divergence: DivergenceWarning | null;
  evaluation: Loadable<EvaluationReport> & { subset: 'validation' | 'all' };
  prediction: Loadable<Prediction> & { name: string | null };
  /** The edited project's weights, as the host reports them; resetRevision counts Reset weights requests. */
  weights: { trained: boolean; untrained: readonly string[]; resetRevision: number };
  /** The project the last finished run produced (weights, history, class names). */
  trained: { project: ProjectFile; runId: string; restored?: string } | null;
  startChoice: StartChoice | null;
  checkpoints: CheckpointsView | null;
  actions: DashboardActions;
}

export interface DashboardActions {
  /** Follows the edited model (input size, conv and pool layers). */
  setModel(graph: ModelGraph | null): void;
  /** Takes a project's saved training and dataset settings (after opening a project). */
  loadSettings(training: TrainingSettings | null, dataset: DatasetSettings | null): void;
  /**
   * Another project replaced the edited one (or its weights were reset): feature maps, evaluation, prediction and the
   * trained project belonged to the old model (node ids repeat between projects) and are cleared.
   */
  projectReplaced(): void;
  setTraining(patch: Partial<TrainingSettings>): void;
  setDatasetSource(path: string | null): void;
  setDataset(patch: Partial<Omit<DatasetDraft, 'augmentation'>>): void;
  setAugmentation(patch: Partial<Augmentation>): void;
  loadBackends(): Promise<void>;
  /** Report and thumbnails of the chosen dataset. */
  loadDataset(): Promise<void>;
  loadAugmentedPreview(): Promise<void>;
  /**
   * Trains `project`. When it has trained weights and no mode is given, asks first (startChoice): 'continue' trains on
   * from them with the epoch count going on, 'fresh' re-initialises (sends the project without weights).
   */
  start(project: ProjectFile, mode?: StartMode): Promise<void>;
  /** Closes the continue-or-fresh question without training. */
  cancelStart(): void;
  /**
   * Makes an epoch of a run (or the weights from before it) the trained model, and evaluates it: the last run, or
   * the run `runId` names when its checkpoints are still held.
   */
  restoreCheckpoint(target: RestoreTarget, runId?: string): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Applies coalesced progress now (normally on the next frame). */
  flush(): void;
  setSmoothing(weight: number): void;
  /** A blank name returns to "run N". */
  renameRun(id: string, name: string): void;
  /** Removes a run from the table (not the one still training). */
  deleteRun(id: string): void;
  /** Ticks or unticks a run in the table: the curves show the ticked runs instead of the live one. */
  toggleRunSelected(id: string): void;
  toggleAllRuns(): void;
  /** Unticks every run: the curves follow the live run again. */
  clearRunSelection(): void;
  /**
   * Takes an opened project's saved runs (replacing the table); the last run's status, divergence warning and curves
   * go with the old table unless that run is still training.
   */
  loadRuns(runs: readonly RunRecord[]): void;
  setNormalisation(normalisation: Normalisation): void;
  /** The host's project has trained weights (or not); `untrained` names layers an edit left without them. */
  setWeightsStatus(trained: boolean, untrained: readonly string[]): void;
  /** Asks the host to drop the trained weights; evaluation, prediction and the last trained project go with them. */
  resetWeights(): void;
  /** Closes an error view (the run's, the evaluation's or the prediction's). */
  dismissError(view: 'run' | 'evaluation' | 'prediction'): void;
  pinThumbnail(thumbnail: Thumbnail): void;
  pinImage(name: string, data: Uint8Array<ArrayBuffer>, mime: string | null): void;
  unpin(): void;
  /** Divides the learning rate by 10 and dismisses the divergence warning. */
  lowerLearningRate(): void;
  dismissDivergence(): void;
  setEvaluationSubset(subset: 'validation' | 'all'): void;
  /** Evaluates `project` (or the last trained one) on the dataset. */
  evaluate(project?: ProjectFile | null): Promise<void>;
  predict(image: ImageInput, project?: ProjectFile | null): Promise<void>;
  /**
   * Grad-CAM of the trained model for `classIndex` (null: the predicted class) on `image`, by default the image
   * last predicted; answers without changing the state (the panels keep it).
   */
  explain(classIndex: number | null, image?: ImageInput): Promise<Prediction>;
  readImage(path: string): Promise<{ mime: string; data: Uint8Array }>;
  /** Asks for a folder (native dialog, or browser mode's path dialog); null when cancelled. */
  chooseFolder(defaultPath?: string): Promise<string | null>;
  /** Stops listening to the services. */
  dispose(): void;
}

/** No run in view; `number` keeps the window's run count (curve labels go on counting). */
export const idleRun = (number: number): RunView => ({
  runId: null,
  number,
  phase: 'idle',
  info: null,
  datasetProgress: null,
  progress: null,
  error: null,
  stopReason: null,
  message: null,
  settings: null,
  dataset: null,
});

export const isActivePhase = (phase: RunPhase): boolean =>
  phase === 'requesting' || phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'stopping';

/** How far a run is through its epochs, 0..1; a continued run counts from `firstEpoch` (its weights' initialEpoch). */
export const progressFraction = (p: ProgressView, firstEpoch = 0): number =>
  (p.epoch - firstEpoch + p.batch / Math.max(1, p.batchesPerEpoch)) / Math.max(1, p.epochs - firstEpoch);

/** A training run's badge ("42 %", "…" before its first batch), this run's share as the bar shows it; null idle. */
export function activeRunBadge(run: Pick<RunView, 'phase' | 'progress' | 'info'>): string | null {
  if (!isActivePhase(run.phase)) return null;
  return run.progress ? `${Math.round(progressFraction(run.progress, run.info?.initialEpoch ?? 0) * 100)} %` : '…';
}
