/** The payloads of the dataset, training and model channels, as the contract (src-shared/contract.ts) types them. */
import type { EventPayload, InvokeArgs, InvokeResult } from '../../src-shared';

export type {
  BackendStatus,
  DatasetPreview,
  ErrorInfo,
  EvaluationReport,
  ImageInput,
  Prediction,
  StopReason,
  Thumbnail,
  TrainingInfo,
  TrainingJobInput,
  TrainingResult,
  TrainingState,
} from '../../src-shared';
export type { DatasetReport } from '../../src-engine';

export type StateEvent = EventPayload<'training:state'>;
/**
 * `batch` is the 0-based index of the batch just done; `loss` and `metrics.accuracy` are running means over the epoch.
 */
export type ProgressEvent = EventPayload<'training:progress'>;
export type EpochEvent = EventPayload<'training:epoch'>;
export type FeatureMapsEvent = EventPayload<'training:featureMaps'>;
export type FeatureMapPayload = FeatureMapsEvent['maps'][number];
/** Decoding the dataset before the first epoch. */
export type DatasetProgressEvent = EventPayload<'training:dataset'>;
/** The data module's report, the folder it describes and its text rendering. */
export type DatasetReportResult = InvokeResult<'dataset:report'>;
export type BackendList = InvokeResult<'engine:backends'>;
/** Which epoch of a finished run to restore, and the run's project with that epoch's weights. */
export type CheckpointRequest = InvokeArgs<'training:checkpoint'>;
export type CheckpointAnswer = InvokeResult<'training:checkpoint'>;
