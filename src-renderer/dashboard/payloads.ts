/**
 * The payloads of the training, dataset and model channels as the dashboard uses them. Mirrors the integration
 * branch's draft (ml-schemas.ts + contract patch) until that contract lands on main; then these become
 * re-exports of the contract's types. Only the fields the dashboard reads are required.
 */
import type { DatasetSettings, EpochRecord, TrainingSettings } from '../../src-engine/model/settings';

export type TrainingState = 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'failed';
export type StopReason = 'completed' | 'early-stopping' | 'cancelled' | 'diverged';

export interface ErrorInfo {
  code: string;
  message: string;
  hint: string | null;
}

export type ImageInput = { kind: 'file'; path: string } | { kind: 'bytes'; name: string; data: Uint8Array };
export type PinnedSample = { kind: 'dataset'; index: number } | ImageInput;

export interface TrainingJob {
  project: unknown;
  settings: TrainingSettings;
  dataset: DatasetSettings;
  featureMapLayers: string[];
  pinnedSample: PinnedSample | null;
}

export interface BackendStatus {
  name: string;
  available: boolean;
  reason: string | null;
  selected: boolean;
}

export interface StateEvent {
  runId: string;
  state: TrainingState;
  error: ErrorInfo | null;
  at: string;
}

export interface TrainingInfo {
  runId: string;
  backend: string;
  backendNotes: string[];
  classNames: string[];
  trainSize: number;
  validationSize: number;
  skippedFiles: number;
  epochs: number;
  batchesPerEpoch: number;
}

export interface ProgressEvent {
  runId: string;
  /** 0-based, as the engine's fit loop counts. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch (1-based). */
  batch: number;
  batchesPerEpoch: number;
  /** Running mean over the epoch so far (as Keras' progress bar). */
  loss: number;
  /** accuracy (running mean), samplesPerSecond, etaSeconds. */
  metrics: Record<string, number>;
}

export interface EpochEvent {
  runId: string;
  epoch: number;
  epochs: number;
  /** loss, accuracy, val_loss, val_accuracy, samples_per_second. */
  logs: Record<string, number>;
}

export interface FeatureMapPayload {
  /** Node id of the layer. */
  layer: string;
  kind: 'activation' | 'kernel';
  shape: number[];
  min: number;
  max: number;
  values: Uint8Array;
}

export interface FeatureMapsEvent {
  runId: string;
  epoch: number;
  batch: number;
  maps: FeatureMapPayload[];
}

export interface TrainingResult {
  runId: string;
  stopReason: StopReason;
  message: string | null;
  project: unknown;
  history: EpochRecord[];
}

export interface Thumbnail {
  className: string;
  label: number;
  file: string;
  height: number;
  width: number;
  channels: number;
  pixels: Uint8Array;
}

export interface DatasetPreview {
  classNames: string[];
  samples: Thumbnail[];
}

export interface EvaluationReport {
  classNames: string[];
  samples: number;
  loss: number;
  accuracy: number;
  /** confusion[true][predicted] */
  confusion: number[][];
  precision: number[];
  recall: number[];
  support: number[];
  misclassified: Array<{ file: string; label: number; predicted: number; probabilities: number[] }>;
}

export interface Prediction {
  classNames: string[];
  probabilities: number[];
  predicted: number;
  height: number;
  width: number;
  channels: number;
  /** The preprocessed input, as the model saw it. */
  pixels: Uint8Array;
}

interface FileRef {
  path: string;
  relativePath: string;
}

/** The parts of the engine's DatasetReport (src-engine/data/report.ts) the dataset panel shows. */
export interface DatasetReportView {
  directory: string;
  classNames: string[];
  classes: Array<{ name: string; index: number; train: number; validation: number; total: number; skipped: number }>;
  totals: { candidates: number; usable: number; skipped: number; train: number; validation: number };
  imbalance: { ratio: number; largest: string; smallest: string; threshold: number; warning: boolean };
  sizeRange: { minWidth: number; maxWidth: number; minHeight: number; maxHeight: number };
  skipped: Array<FileRef & { reason: string; message: string }>;
  duplicates: {
    groups: Array<{ hash: string; files: Array<FileRef & { className: string; split: 'train' | 'validation' }>; conflictingLabels: boolean; crossSplit: boolean }>;
    extraCopies: number;
    crossSplitGroups: number;
    conflictingGroups: number;
  };
  warnings: string[];
}
