/**
 * What the dashboard needs from the main-process services, as one small interface: the store is written and
 * tested against it, and `servicesFromApi` maps it onto the typed IPC channels.
 */
import type { DatasetSettings } from '../../src-engine/model/settings';
import type { FilterbankApi, Unsubscribe } from '../api';
import type {
  BackendStatus,
  DatasetPreview,
  DatasetReportView,
  EpochEvent,
  EvaluationReport,
  FeatureMapsEvent,
  ImageInput,
  Prediction,
  ProgressEvent,
  StateEvent,
  TrainingInfo,
  TrainingJob,
  TrainingResult,
  TrainingState,
} from './payloads';

export interface TrainingEvents {
  state(event: StateEvent): void;
  info(event: TrainingInfo): void;
  progress(event: ProgressEvent): void;
  epoch(event: EpochEvent): void;
  featureMaps(event: FeatureMapsEvent): void;
  result(event: TrainingResult): void;
}

export interface FolderListing {
  path: string;
  parent: string | null;
  folders: Array<{ name: string; path: string }>;
  truncated: boolean;
}

export interface DashboardServices {
  backends(): Promise<BackendStatus[]>;
  /** The bundled digits' folder (written on first use). */
  samplePath(): Promise<string>;
  datasetReport(dataset: DatasetSettings): Promise<DatasetReportView>;
  datasetPreview(args: { dataset: DatasetSettings; perClass: number; augmented: boolean; seed: number }): Promise<DatasetPreview>;
  readImage(path: string): Promise<{ mime: string; data: Uint8Array }>;
  startTraining(job: TrainingJob): Promise<{ runId: string }>;
  controlRun(action: 'pause' | 'resume' | 'stop', runId: string): Promise<{ runId: string; state: TrainingState }>;
  evaluate(args: { project: unknown; dataset: DatasetSettings; subset: 'validation' | 'all' }): Promise<EvaluationReport>;
  predict(args: { project: unknown; image: ImageInput }): Promise<Prediction>;
  subscribe(events: TrainingEvents): Unsubscribe;
  /** True in the desktop app (native folder dialog); false in browser mode (the server-side folder picker). */
  nativeDialogs(): Promise<boolean>;
  pickFolderNative(defaultPath?: string): Promise<string | null>;
  listFolders(path?: string): Promise<FolderListing>;
}

/** The channels of the integration branch's contract, typed here until it lands on main. */
interface DraftChannels {
  invoke(channel: string, args?: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: never) => void): Unsubscribe;
}

export function servicesFromApi(api: FilterbankApi): DashboardServices {
  const draft = api as unknown as DraftChannels;
  const call = <T>(channel: string, args?: unknown) => draft.invoke(channel, args) as Promise<T>;
  return {
    backends: async () => (await call<{ backends: BackendStatus[] }>('engine:backends')).backends,
    samplePath: async () => (await call<{ path: string }>('dataset:sample')).path,
    datasetReport: (dataset) => call('dataset:report', { dataset }),
    datasetPreview: (args) => call('dataset:preview', args),
    readImage: (path) => call('image:read', { path }),
    startTraining: (job) => call('training:start', { job }),
    controlRun: (action, runId) => call(`training:${action}`, { runId }),
    evaluate: (args) => call('model:evaluate', args),
    predict: (args) => call('model:predict', args),
    subscribe(events) {
      const offs = [
        draft.on('training:state', events.state),
        draft.on('training:info', events.info),
        draft.on('training:progress', events.progress),
        draft.on('training:epoch', events.epoch),
        draft.on('training:featureMaps', events.featureMaps),
        draft.on('training:result', events.result),
      ];
      return () => offs.forEach((off) => off());
    },
    nativeDialogs: async () => (await api.invoke('app:info')).capabilities.nativeDialogs,
    pickFolderNative: async (defaultPath) => (await api.invoke('dialog:pick', defaultPath ? { purpose: 'open-image-folder', defaultPath } : { purpose: 'open-image-folder' })).path,
    async listFolders(path) {
      const listing = await api.invoke('files:list', path ? { path, include: 'directories' } : { include: 'directories' });
      return {
        path: listing.path,
        parent: listing.parent,
        folders: listing.entries.filter((e) => e.kind === 'directory').map((e) => ({ name: e.name, path: e.path })),
        truncated: listing.truncated,
      };
    },
  };
}
