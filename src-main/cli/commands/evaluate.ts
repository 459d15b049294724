import { type BackendChoice, DatasetError, openImageFolderDataset } from '../../../src-engine/node';
import { argmaxRows, BACKEND_CHOICES, confusionMatrix, evaluateSource, precisionRecall } from '../../../src-engine';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { datasetUsageError, resolveDataFolder } from '../data-folder';
import { openTrainedModel } from '../trained-model';

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  usage: 'evaluate --model TRAINED --data DIR [--json]',
  description:
    'Loss, accuracy, per-class precision and recall, and the confusion matrix of a trained model on an image folder.',
  options: {
    model: { type: 'string', help: 'A trained Filterbank model file.' },
    data: { type: 'string', help: 'Image folder with the same class sub-folders, or "sample".' },
    'batch-size': { type: 'int', help: 'Evaluation batch size (default 128).' },
    backend: { type: 'string', help: `One of ${BACKEND_CHOICES.join(', ')} (default auto).` },
    json: { type: 'flag', help: 'Print one JSON object.' },
  },
  async run({ options }, io) {
    if (!options.model) throw new UsageError('evaluate: --model TRAINED is required');
    const backend = (options.backend ?? 'auto') as BackendChoice;
    if (!(BACKEND_CHOICES as readonly string[]).includes(backend))
      throw new UsageError(`evaluate: --backend must be one of ${BACKEND_CHOICES.join(', ')}`);
    const dataDir = await resolveDataFolder(options.data, 'data', io);
    const trained = await openTrainedModel(String(options.model), backend);
    try {
      const dataset = await openImageFolderDataset(dataDir, { preprocessing: trained.preprocessing }).catch(
        (e: unknown) => {
          throw e instanceof DatasetError ? datasetUsageError('evaluate', e) : e;
        },
      );
      try {
        const classes = trained.classNames;
        if (dataset.classNames.join('\n') !== classes.join('\n')) {
          throw new UsageError(
            `evaluate: the model was trained on the classes ${classes.join(', ')} but ${dataDir} has ` +
              `${dataset.classNames.join(', ')}; evaluate on a folder with the same class sub-folders`,
          );
        }
        const labels: number[] = [];
        const predictions: number[] = [];
        const result = await evaluateSource(
          trained.engine,
          dataset.train,
          (options['batch-size'] as number | undefined) ?? 128,
          (batch, probabilities) => {
            // Loops, not push(...rows): a large --batch-size would overflow the argument stack.
            for (const label of batch.labels) labels.push(label);
            for (const p of argmaxRows(probabilities, classes.length)) predictions.push(p);
          },
          io.signal,
        );
        if (io.signal.aborted) {
          io.err(
            `Interrupted after ${result.samples.toLocaleString('en-US')} of ` +
              `${dataset.train.size.toLocaleString('en-US')} images: no report.\n`,
          );
          return 130;
        }
        const confusion = confusionMatrix(labels, predictions, classes.length);
        const scores = precisionRecall(confusion);
        const perClass = classes.map((name, i) => ({
          class: name,
          precision: scores.precision[i],
          recall: scores.recall[i],
          support: scores.support[i],
        }));
        if (options.json) {
          io.out(
            JSON.stringify({
              samples: result.samples,
              loss: result.loss,
              accuracy: result.accuracy,
              classes,
              perClass,
              confusionMatrix: confusion,
              skipped: dataset.report.skipped.map((s) => ({ file: s.path, reason: s.reason })),
            }),
          );
        } else {
          io.out(
            `${result.samples.toLocaleString('en-US')} images - loss: ${result.loss.toFixed(4)} - accuracy: ` +
              `${result.accuracy.toFixed(4)}`,
          );
          const w = classes.reduce((most, c) => Math.max(most, c.length), 5);
          io.out(`\n${'class'.padEnd(w)}  precision  recall  support`);
          for (const p of perClass)
            io.out(
              `${p.class.padEnd(w)}  ${p.precision.toFixed(4).padStart(9)}  ${p.recall.toFixed(4).padStart(6)}  ` +
                `${String(p.support).padStart(7)}`,
            );
          io.out(`\nConfusion matrix (rows: true class, columns: predicted)`);
          let cw = 0;
          for (const c of classes) cw = Math.max(cw, c.length + 1);
          for (const row of confusion) for (const v of row) cw = Math.max(cw, String(v).length + 1);
          io.out(`${''.padEnd(w)} ${classes.map((c) => c.padStart(cw)).join('')}`);
          confusion.forEach((row, i) =>
            io.out(`${classes[i].padEnd(w)} ${row.map((v) => String(v).padStart(cw)).join('')}`),
          );
          if (dataset.report.skipped.length)
            io.out(`\n${dataset.report.skipped.length} files skipped (run the dataset command for details)`);
        }
        return 0;
      } finally {
        await dataset.close();
      }
    } finally {
      trained.engine.dispose();
    }
  },
};
