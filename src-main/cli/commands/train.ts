import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DatasetError, runTraining, TrainingSetupError } from '../../../src-engine/node';
import {
  BACKEND_CHOICES,
  formatZodIssues,
  inferShapes,
  ModelInvalidError,
  OPTIMIZER_NAMES,
  savedParamsProblem,
  serializeProjectFile,
  TrainingSettingsSchema,
} from '../../../src-engine';
import { writeFileAtomic } from '../../services/atomic-write';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { datasetUsageError, resolveDataFolder } from '../data-folder';
import { readModelFile } from '../model-file';
import { formatProgress, ProgressBar } from '../progress';

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(String(value)))
    throw new UsageError(`train: --${name} must be one of ${allowed.join(', ')}, got '${String(value)}'`);
  return value as T;
}

export const trainCommand: CliCommand = {
  name: 'train',
  usage: 'train --model FILE --data DIR [options] [--out DIR] [--json]',
  description:
    'Train a model on an image folder (one sub-folder per class; ' +
    'DIR "sample" is the bundled MNIST digits) and save it.',
  options: {
    model: { type: 'string', help: 'Model file: Filterbank project, Keras topology JSON or TF.js model.json.' },
    data: { type: 'string', help: 'Image folder with one sub-folder per class, or "sample".' },
    'validation-data': { type: 'string', help: 'A separate validation folder (instead of a split).' },
    'validation-split': { type: 'number', help: 'Fraction of each class held out for validation (default 0.2).' },
    epochs: { type: 'int', help: 'Epochs (default 5).' },
    'batch-size': { type: 'int', help: 'Batch size, 1 to 1024 (default 32).' },
    optimizer: { type: 'string', help: `One of ${OPTIMIZER_NAMES.join(', ')} (default adam).` },
    'learning-rate': { type: 'number', help: "Learning rate (default: the optimizer's Keras default)." },
    seed: { type: 'int', help: 'Seed of initialisation, split, shuffling and augmentation (default 42).' },
    backend: { type: 'string', help: `One of ${BACKEND_CHOICES.join(', ')} (default auto).` },
    'early-stopping': {
      type: 'int',
      help: 'Stop after this many epochs without val_loss improvement, keeping the best weights.',
    },
    out: { type: 'string', help: 'Folder for the trained model file (default: the current folder).' },
    json: { type: 'flag', help: 'Finish with one JSON line describing the run.' },
  },
  async run({ options }, io) {
    if (!options.model) throw new UsageError('train: --model FILE is required');
    const loaded = await readModelFile(String(options.model));
    // An invalid model is explained by training's own validation; a valid one must also be saveable once trained.
    const inference = inferShapes(loaded.project.graph);
    const unsaveable = inference.valid ? savedParamsProblem(inference.totalParams) : null;
    if (unsaveable) throw new UsageError(`train: ${unsaveable}`);
    const dataDir = await resolveDataFolder(options.data, 'data', io);
    const validationDir = options['validation-data']
      ? await resolveDataFolder(options['validation-data'], 'validation-data', io)
      : null;
    const parsed = TrainingSettingsSchema.safeParse({
      ...(loaded.project.training ?? {}),
      ...(options['validation-split'] !== undefined ? { validationSplit: options['validation-split'] } : {}),
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options['batch-size'] !== undefined ? { batchSize: options['batch-size'] } : {}),
      ...(options.optimizer !== undefined ? { optimizer: oneOf('optimizer', options.optimizer, OPTIMIZER_NAMES) } : {}),
      ...(options['learning-rate'] !== undefined ? { learningRate: options['learning-rate'] } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.backend !== undefined ? { backend: oneOf('backend', options.backend, BACKEND_CHOICES) } : {}),
      ...(options['early-stopping'] !== undefined ? { earlyStoppingPatience: options['early-stopping'] } : {}),
    });
    if (!parsed.success) throw new UsageError(`train: invalid settings: ${formatZodIssues(parsed.error)}`);
    const settings = parsed.data;
    const bar = new ProgressBar(io.err, io.isTTY);
    let backend = '';
    let trained = false;
    try {
      // Training a saved model continues it: epochs count on from its history (Keras' initial_epoch).
      let lastEpoch = settings.epochs;
      const result = await runTraining({
        project: loaded.project,
        dataDir,
        validationDir,
        settings,
        signal: io.signal,
        onStart: (info) => {
          backend = info.backend;
          lastEpoch = info.initialEpoch + settings.epochs;
          io.err(
            `Training on ${info.trainSize.toLocaleString('en-US')} images (` +
              `${info.validationSize.toLocaleString('en-US')} for validation) of ${info.classNames.length} ` +
              `classes with the ${info.backend} backend` +
              `${info.skipped.length ? `; ${info.skipped.length} files skipped` : ''}.\n` +
              `${info.backendNotes.map((n) => `  note: ${n}\n`).join('')}`,
          );
        },
        onBatchEnd: (info) => bar.update(formatProgress(info, lastEpoch), info.batch === info.batchesPerEpoch),
        onEpochEnd: (r) =>
          bar.finishLine(
            `Epoch ${r.epoch + 1}/${lastEpoch} - loss: ${r.loss?.toFixed(4)} - accuracy: ` +
              `${r.accuracy?.toFixed(4)}` +
              `${
                r.valLoss !== null
                  ? ` - val_loss: ${r.valLoss.toFixed(4)} - val_accuracy: ${r.valAccuracy?.toFixed(4)}`
                  : ''
              }` +
              ` - ${Math.round(r.samplesPerSecond ?? 0).toLocaleString('en-US')} samples/s`,
          ),
      });
      trained = true;
      bar.finishLine();
      const interrupted = result.fit.stopReason === 'cancelled';
      if (result.fit.message) io.err(`${result.fit.message}\n`);
      const outDir = typeof options.out === 'string' ? options.out : '.';
      const stem = basename(String(options.model)).replace(/(\.filterbank)?\.json$/i, '');
      await mkdir(outDir, { recursive: true });
      const modelFile = resolve(join(outDir, `${stem}.trained.filterbank.json`));
      await writeFileAtomic(modelFile, serializeProjectFile(result.project));
      io.err(interrupted ? `Interrupted: saved the weights trained so far to ${modelFile}\n` : `Saved ${modelFile}\n`);
      if (options.json) {
        io.out(
          JSON.stringify({
            modelFile,
            backend,
            classes: result.classNames,
            skipped: result.skipped.map((s) => ({ file: s.path, reason: s.reason })),
            history: result.fit.history.map((h) => ({
              epoch: h.epoch + 1,
              loss: h.loss,
              accuracy: h.accuracy,
              valLoss: h.valLoss,
              valAccuracy: h.valAccuracy,
              samplesPerSecond: h.samplesPerSecond,
            })),
            stopReason: result.fit.stopReason,
          }),
        );
      }
      return result.fit.stopReason === 'diverged' ? 1 : 0;
    } catch (e) {
      bar.finishLine();
      if (io.signal.aborted && !trained) {
        io.err('Interrupted before training began: nothing to save.\n');
        return 130;
      }
      if (e instanceof DatasetError) throw datasetUsageError('train', e);
      if (e instanceof TrainingSetupError) throw new UsageError(`train: ${e.message}. ${e.hint}`);
      if (e instanceof ModelInvalidError) throw new UsageError(`train: the model is invalid: ${e.message}`);
      throw e;
    }
  },
};
