/**
 * DashboardServices in memory, for the store's tests and the dashboard's preview page: records calls, answers
 * with what the test sets, and emits training events on demand.
 */
import type { DatasetSettings } from '../../../src-engine';
import type {
  BackendList,
  CheckpointAnswer,
  CheckpointRequest,
  DatasetPreview,
  DatasetReportResult,
  EvaluationReport,
  ImageInput,
  Prediction,
  TrainingJobInput,
  TrainingState,
} from '../payloads';
import type { DashboardServices, TrainingEvents } from '../services';

export interface FakeServices extends DashboardServices {
  calls: Array<{ method: string; args: unknown }>;
  /** Emits a training event to every subscriber. */
  emit: TrainingEvents;
  answers: {
    backends: BackendList;
    samplePath: string;
    report: (dataset: DatasetSettings) => DatasetReportResult;
    preview: (args: { dataset: DatasetSettings; perClass: number; augmented: boolean; seed: number }) => DatasetPreview;
    runId: string | (() => Promise<string>);
    evaluate: () => EvaluationReport | Promise<EvaluationReport>;
    predict: (image: ImageInput) => Prediction | Promise<Prediction>;
    image: { mime: string; data: Uint8Array };
    /** What the folder dialog answers. */
    folder: string | null;
    /** What training:checkpoint answers. */
    checkpoint: (request: CheckpointRequest) => CheckpointAnswer | Promise<CheckpointAnswer>;
    /** What training:list answers. */
    runs: Array<{ runId: string; state: TrainingState; startedAt: string }>;
  };
}

export function createFakeServices(answers: Partial<FakeServices['answers']> = {}): FakeServices {
  const subscribers = new Set<TrainingEvents>();
  const calls: FakeServices['calls'] = [];
  const record = (method: string, args?: unknown) => calls.push({ method, args });
  const a: FakeServices['answers'] = {
    backends: { backends: [{ name: 'reference', available: true, reason: null, selected: true }], notes: [] },
    samplePath: '/data/sample',
    report: () => {
      throw new Error('no report set');
    },
    preview: () => ({ path: '/data/sample', classNames: [], samples: [] }),
    runId: 'run-1',
    evaluate: () => {
      throw new Error('no evaluation set');
    },
    predict: () => {
      throw new Error('no prediction set');
    },
    image: { mime: 'image/png', data: new Uint8Array() },
    folder: null,
    checkpoint: () => {
      throw new Error('no checkpoint set');
    },
    runs: [],
    ...answers,
  };
  const each = <K extends keyof TrainingEvents>(key: K) =>
    ((event: never) => subscribers.forEach((s) => (s[key] as (e: never) => void)(event))) as TrainingEvents[K];
  return {
    calls,
    answers: a,
    emit: {
      state: each('state'),
      info: each('info'),
      datasetProgress: each('datasetProgress'),
      progress: each('progress'),
      epoch: each('epoch'),
      featureMaps: each('featureMaps'),
      result: each('result'),
    },
    backends: async () => (record('backends'), a.backends),
    samplePath: async () => (record('samplePath'), a.samplePath),
    datasetReport: async (dataset, split) => (record('datasetReport', { dataset, ...split }), a.report(dataset)),
    datasetPreview: async (args) => (record('datasetPreview', args), a.preview(args)),
    readImage: async (path) => (record('readImage', path), a.image),
    async startTraining(job: TrainingJobInput) {
      record('startTraining', job);
      return { runId: typeof a.runId === 'string' ? a.runId : await a.runId() };
    },
    controlRun: async (action, runId) => {
      record(action, runId);
      return { runId, state: action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'stopping' };
    },
    checkpoint: async (request) => (record('checkpoint', request), a.checkpoint(request)),
    listRuns: async () => (record('listRuns'), { runs: a.runs }),
    evaluate: async (args) => (record('evaluate', args), a.evaluate()),
    predict: async (args) => (record('predict', args), a.predict(args.image)),
    subscribe(events) {
      subscribers.add(events);
      return () => subscribers.delete(events);
    },
    chooseFolder: async (defaultPath) => (record('chooseFolder', defaultPath), a.folder),
  };
}
