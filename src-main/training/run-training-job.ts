// The training worker's job runner: src-engine's runTraining on the job's image folder, its callbacks turned
// into the worker protocol's messages, and pause / stop wired to the supervisor's control slot.
import { preprocessImage, preprocessingFor, runTraining } from '../../src-engine/node';
import { compileModel, type EpochRecord, type FeatureMap, type ProjectFile } from '../../src-engine';
import type { ImageInput } from '../../src-shared';
import { describeEngineError } from '../services/engine-errors';
import type { WorkerTrainingJob } from './training-job';
import type { TrainingControl, TrainingEmitter } from './worker-host';

const SKIPPED_EXAMPLES = 20;
const STOP_POLL_MS = 100;

/** Keras' History.history names. */
export function kerasLogs(record: EpochRecord): Record<string, number> {
  const logs: Record<string, number> = {};
  const put = (name: string, value: number | null) => {
    if (value !== null && Number.isFinite(value)) logs[name] = value;
  };
  put('loss', record.loss);
  put('accuracy', record.accuracy);
  put('val_loss', record.valLoss);
  put('val_accuracy', record.valAccuracy);
  put('samples_per_second', record.samplesPerSecond);
  put('learning_rate', record.learningRate ?? null);
  return logs;
}

async function pinnedPixels(sample: ImageInput, project: ProjectFile): Promise<Uint8Array> {
  const preprocessing = preprocessingFor(compileModel(project.graph), project.dataset);
  return (await preprocessImage(sample.kind === 'file' ? sample.path : sample.data, preprocessing)).pixels;
}

function maps(source: Map<string, FeatureMap>, kind: 'activation' | 'kernel') {
  return [...source].map(([layer, m]) => ({ layer, kind, shape: m.shape, values: m.values }));
}

/** An error the worker host reports with its code and hint. */
function failure(code: string, message: string, hint: string | null, cause?: unknown): Error {
  const error = Object.assign(new Error(message), { code, hint });
  if (cause instanceof Error && cause.stack) error.stack = `${error.name}: ${message}\ncaused by ${cause.stack}`;
  return error;
}

export async function runTrainingJob(
  { job, dataDir, validationDir }: WorkerTrainingJob,
  emit: TrainingEmitter,
  control: TrainingControl,
): Promise<void> {
  const { settings } = job;
  // runTraining records the dataset settings it trained with in the project it returns.
  const project: ProjectFile = { ...job.project, dataset: job.dataset };
  // Stops while the dataset is opened (no batch checkpoints yet) go through the abort signal.
  const poll = setInterval(() => control.pollStop(), STOP_POLL_MS);
  let trainSize = 0;
  let initialEpoch = 0;
  // A continued run counts on from the epochs its weights already trained: epochs is the last epoch it reaches.
  const lastEpoch = () => initialEpoch + settings.epochs;
  try {
    const pixels = job.pinnedSample ? await pinnedPixels(job.pinnedSample, project) : null;
    const run = await runTraining({
      project,
      dataDir,
      validationDir,
      settings,
      signal: control.signal,
      waitWhilePaused: async () => {
        control.checkpoint();
      },
      onDatasetProgress: (p) =>
        emit.datasetProgress({ phase: p.phase === 'scanning' ? 'scanning' : 'decoding', done: p.done, total: p.total }),
      onStart: (info) => {
        trainSize = info.trainSize;
        initialEpoch = info.initialEpoch;
        emit.info({
          backend: info.backend,
          backendNotes: info.backendNotes,
          datasetPath: dataDir,
          classNames: info.classNames,
          trainSize: info.trainSize,
          validationSize: info.validationSize,
          skippedFiles: info.skipped.length,
          skippedExamples: info.skipped
            .slice(0, SKIPPED_EXAMPLES)
            .map(({ path, relativePath, reason, message }) => ({ path, relativePath, reason, message })),
          epochs: lastEpoch(),
          batchesPerEpoch: info.batchesPerEpoch,
          initialEpoch,
        });
      },
      onBatchEnd: (info) => {
        emit.progress({
          epoch: info.epoch,
          epochs: lastEpoch(),
          // fit counts batches done; the protocol numbers them from 0.
          batch: info.batch - 1,
          batchesPerEpoch: info.batchesPerEpoch,
          loss: info.loss,
          metrics: { accuracy: info.accuracy, samplesPerSecond: info.samplesPerSecond, etaSeconds: info.etaSeconds },
          samplesSeen: (info.epoch - initialEpoch) * trainSize + Math.min(info.batch * settings.batchSize, trainSize),
        });
      },
      onEpochEnd: (record) => emit.epoch(record.epoch, lastEpoch(), kerasLogs(record)),
      onEpochWeights: (record, weights) => emit.epochWeights(record, weights),
      featureMaps: {
        nodeIds: job.featureMapLayers,
        due: () => emit.featureMapsDue(),
        emit: (step, activations, kernels) =>
          emit.featureMaps({ epoch: step.epoch, batch: step.batch - 1 }, [
            ...maps(activations, 'activation'),
            ...maps(kernels, 'kernel'),
          ]),
        pixels,
      },
    });
    const { stopReason, message, history } = run.fit;
    // A diverged run's weights are NaN: hand back the project as it was, with the history that shows why.
    emit.result({
      stopReason,
      message,
      history,
      project: stopReason === 'diverged' ? project : run.project,
      backend: run.backend,
    });
    if (stopReason === 'diverged')
      throw failure(
        'diverged',
        message ?? 'Training diverged.',
        'Lower the learning rate (e.g. by 10×) and train again.',
      );
  } catch (error) {
    // A stop while the dataset was being opened ends the run as stopped, not failed.
    if (control.signal.aborted) return;
    const info = describeEngineError(error);
    if (info) throw failure(info.code, info.message, info.hint, error);
    throw error;
  } finally {
    clearInterval(poll);
  }
}
