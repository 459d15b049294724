/**
 * DashboardServices in memory, for the store's tests and the dashboard's preview page: records calls, answers
 * with what the test sets, and emits training events on demand.
 */
import type { DatasetSettings } from '../../../src-engine/model/settings';
import type { BackendStatus, DatasetPreview, DatasetReportView, EvaluationReport, ImageInput, Prediction, TrainingJob } from '../payloads';
import type { DashboardServices, FolderListing, TrainingEvents } from '../services';

export interface FakeServices extends DashboardServices {
  calls: Array<{ method: string; args: unknown }>;
  /** Emits a training event to every subscriber. */
  emit: TrainingEvents;
  answers: {
    backends: BackendStatus[];
    samplePath: string;
    report: (dataset: DatasetSettings) => DatasetReportView;
    preview: (args: { dataset: DatasetSettings; perClass: number; augmented: boolean; seed: number }) => DatasetPreview;
    runId: string | (() => Promise<string>);
    evaluate: () => EvaluationReport | Promise<EvaluationReport>;
    predict: (image: ImageInput) => Prediction | Promise<Prediction>;
    image: { mime: string; data: Uint8Array };
    folders: (path?: string) => FolderListing;
    nativeDialogs: boolean;
  };
}

export function createFakeServices(answers: Partial<FakeServices['answers']> = {}): FakeServices {
  const subscribers = new Set<TrainingEvents>();
  const calls: FakeServices['calls'] = [];
  const record = (method: string, args?: unknown) => calls.push({ method, args });
  const a: FakeServices['answers'] = {
    backends: [{ name: 'reference', available: true, reason: null, selected: true }],
    samplePath: '/data/sample',
    report: () => {
      throw new Error('no report set');
    },
    preview: () => ({ classNames: [], samples: [] }),
    runId: 'run-1',
    evaluate: () => {
      throw new Error('no evaluation set');
    },
    predict: () => {
      throw new Error('no prediction set');
    },
    image: { mime: 'image/png', data: new Uint8Array() },
    folders: (path) => ({ path: path ?? '/', parent: null, folders: [], truncated: false }),
    nativeDialogs: false,
    ...answers,
  };
  const each = <K extends keyof TrainingEvents>(key: K) => ((event: never) => subscribers.forEach((s) => (s[key] as (e: never) => void)(event))) as TrainingEvents[K];
  return {
    calls,
    answers: a,
    emit: { state: each('state'), info: each('info'), progress: each('progress'), epoch: each('epoch'), featureMaps: each('featureMaps'), result: each('result') },
    backends: async () => (record('backends'), a.backends),
    samplePath: async () => (record('samplePath'), a.samplePath),
    datasetReport: async (dataset) => (record('datasetReport', dataset), a.report(dataset)),
    datasetPreview: async (args) => (record('datasetPreview', args), a.preview(args)),
    readImage: async (path) => (record('readImage', path), a.image),
    async startTraining(job: TrainingJob) {
      record('startTraining', job);
      return { runId: typeof a.runId === 'string' ? a.runId : await a.runId() };
    },
    controlRun: async (action, runId) => {
      record(action, runId);
      return { runId, state: action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopping' };
    },
    evaluate: async (args) => (record('evaluate', args), a.evaluate()),
    predict: async (args) => (record('predict', args), a.predict(args.image)),
    subscribe(events) {
      subscribers.add(events);
      return () => subscribers.delete(events);
    },
    nativeDialogs: async () => a.nativeDialogs,
    pickFolderNative: async () => null,
    listFolders: async (path) => (record('listFolders', path), a.folders(path)),
  };
}
