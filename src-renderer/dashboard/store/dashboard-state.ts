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
  /** What the run was started with (evaluation uses the same dataset). */
  settings: TrainingSettings | null;
  dataset: DatasetSettings | null;
}

export interface DivergenceWarning {
  message: string;
  /** The learning rate the run used, and a tenth of it. */
  learningRate: number;
  suggested: number;
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
  /** The project the last finished run produced (weights, history, class names). */
  trained: { project: ProjectFile; runId: string } | null;
  actions: DashboardActions;
}

export interface DashboardActions {
  /** Follows the edited model (input size, conv and pool layers). */
  setModel(graph: ModelGraph | null): void;
  /** Takes a project's saved training and dataset settings (after opening a project). */
  loadSettings(training: TrainingSettings | null, dataset: DatasetSettings | null): void;
  /**
   * Another project replaced the edited one: feature maps, evaluation, prediction and the trained project belonged
   * to the old model (node ids repeat between projects) and are cleared; the curves stay for comparison.
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
  start(project: ProjectFile): Promise<void>;
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
  /** Ticks or unticks a run in the table: two or more ticked runs are overlaid on the curves. */
  toggleRunSelected(id: string): void;
  toggleAllRuns(): void;
  /** Takes an opened project's saved runs (replacing the table). */
  loadRuns(runs: readonly RunRecord[]): void;
  setNormalisation(normalisation: Normalisation): void;
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
  readImage(path: string): Promise<{ mime: string; data: Uint8Array }>;
  /** Asks for a folder (native dialog, or browser mode's path dialog); null when cancelled. */
  chooseFolder(defaultPath?: string): Promise<string | null>;
  /** Stops listening to the services. */
  dispose(): void;
}

export const isActivePhase = (phase: RunPhase): boolean =>
  phase === 'requesting' || phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'stopping';
