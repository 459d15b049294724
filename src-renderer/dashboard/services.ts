/**
 * What the dashboard needs from the main-process services, as one small interface: the store is written and
 * tested against it, and `servicesFromApi` maps it onto the typed IPC channels.
 */
import type { DatasetSettings } from '../../src-engine';
import { choosePath, type FilterbankApi, type ServerPathPrompt, type Unsubscribe } from '../api';
import type {
  CheckpointAnswer,
  CheckpointRequest,
  BackendList,
  DatasetPreview,
  DatasetProgressEvent,
  DatasetReportResult,
  EpochEvent,
  EvaluationReport,
  FeatureMapsEvent,
  ImageInput,
  Prediction,
  ProgressEvent,
  StateEvent,
  TrainingInfo,
  TrainingJobInput,
  TrainingResult,
  TrainingState,
} from './payloads';

export interface TrainingEvents {
  state(event: StateEvent): void;
  info(event: TrainingInfo): void;
  datasetProgress(event: DatasetProgressEvent): void;
  progress(event: ProgressEvent): void;
  epoch(event: EpochEvent): void;
  featureMaps(event: FeatureMapsEvent): void;
  result(event: TrainingResult): void;
}

export interface DashboardServices {
  backends(): Promise<BackendList>;
  /** The bundled digits' folder (written on first use). */
  samplePath(): Promise<string>;
  /** The report of the folder, split as training would split it. */
  datasetReport(
    dataset: DatasetSettings,
    split: { validationSplit: number; seed: number },
  ): Promise<DatasetReportResult>;
  datasetPreview(args: {
    dataset: DatasetSettings;
    perClass: number;
    augmented: boolean;
    seed: number;
  }): Promise<DatasetPreview>;
  readImage(path: string): Promise<{ mime: string; data: Uint8Array }>;
  startTraining(job: TrainingJobInput): Promise<{ runId: string }>;
  /** A finished run's project with one epoch's weights (numbered, or the best by a validation metric). */
  checkpoint(request: CheckpointRequest): Promise<CheckpointAnswer>;
  controlRun(action: 'pause' | 'resume' | 'stop', runId: string): Promise<{ runId: string; state: TrainingState }>;
  /** The server's runs (active and recently finished), to check on a run the window stopped hearing about. */
  listRuns(): Promise<{ runs: Array<{ runId: string; state: TrainingState; startedAt: string }> }>;
  evaluate(args: {
    project: TrainingJobInput['project'];
    dataset: DatasetSettings;
    subset: 'validation' | 'all';
  }): Promise<EvaluationReport>;
  /** With `gradCam`, the answer carries a Grad-CAM map (null class: the predicted one). */
  predict(args: {
    project: TrainingJobInput['project'];
    image: ImageInput;
    gradCam?: { classIndex?: number | null };
  }): Promise<Prediction>;
  subscribe(events: TrainingEvents): Unsubscribe;
  /** The native folder dialog in the desktop app, the server-side path dialog in browser mode; null when cancelled. */
  chooseFolder(defaultPath?: string): Promise<string | null>;
}

/**
 * The services over the Filterbank API. `promptForServerPath` is browser mode's path dialog (the App's
 * PathPromptDialog), used where there is no native dialog.
 */
export function servicesFromApi(api: FilterbankApi, promptForServerPath: ServerPathPrompt): DashboardServices {
  return {
    backends: () => api.invoke('engine:backends'),
    samplePath: async () => (await api.invoke('dataset:sample')).path,
    datasetReport: (dataset, split) => api.invoke('dataset:report', { dataset, ...split }),
    datasetPreview: (args) => api.invoke('dataset:preview', args),
    readImage: (path) => api.invoke('image:read', { path }),
    startTraining: (job) => api.invoke('training:start', { job }),
    checkpoint: (request) => api.invoke('training:checkpoint', request),
    controlRun: (action, runId) => api.invoke(`training:${action}`, { runId }),
    listRuns: () => api.invoke('training:list'),
    evaluate: (args) => api.invoke('model:evaluate', args),
    predict: (args) => api.invoke('model:predict', args),
    subscribe(events) {
      const offs = [
        api.on('training:state', events.state),
        api.on('training:info', events.info),
        api.on('training:dataset', events.datasetProgress),
        api.on('training:progress', events.progress),
        api.on('training:epoch', events.epoch),
        api.on('training:featureMaps', events.featureMaps),
        api.on('training:result', events.result),
      ];
      return () => offs.forEach((off) => off());
    },
    chooseFolder: (defaultPath) => choosePath(api, 'open-image-folder', promptForServerPath, defaultPath),
  };
}
