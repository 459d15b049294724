// model:evaluate and model:predict: a trained project on its dataset (loss, accuracy, confusion matrix,
// per-class scores, misclassified samples) or on one image.
import { preprocessImage, toFloat32, type DatasetSplit } from '../../src-engine/node';
import {
  argmaxRows,
  confusionMatrix,
  defaultTrainingSettings,
  evaluateSource,
  gradCamLayer,
  precisionRecall,
} from '../../src-engine';
import { type GradCam, type InvokeParsedArgs, type InvokeResult, IpcError, MAX_MISCLASSIFIED } from '../../src-shared';
import type { DatasetViews } from './dataset-views';
import { engineCall } from './engine-errors';
import { withTrainedModel, type TrainedModel } from './trained-model';

type Evaluation = InvokeResult<'model:evaluate'>;
const BATCH_SIZE = 64;

interface Tally {
  labels: number[];
  predictions: number[];
  misclassified: Evaluation['misclassified'];
  misclassifiedCount: number;
  lossSum: number;
  samples: number;
}

async function evaluateSplit(m: TrainedModel, split: DatasetSplit, tally: Tally): Promise<void> {
  const classes = m.classNames.length;
  let position = 0;
  // evaluateSource walks the split in order, so a batch's samples are the next positions.
  const source = {
    size: split.size,
    batches: (order: ArrayLike<number>, batchSize: number) => split.batches(order, batchSize, { augment: false }),
  };
  const result = await evaluateSource(m.engine, source, BATCH_SIZE, (batch, probabilities) => {
    const predicted = argmaxRows(probabilities, classes);
    for (let k = 0; k < batch.labels.length; k++, position++) {
      const label = batch.labels[k];
      tally.labels.push(label);
      tally.predictions.push(predicted[k]);
      if (predicted[k] === label) continue;
      tally.misclassifiedCount++;
      if (tally.misclassified.length < MAX_MISCLASSIFIED) {
        tally.misclassified.push({
          file: split.path(position),
          label,
          predicted: predicted[k],
          probabilities: Array.from(probabilities.subarray(k * classes, (k + 1) * classes)),
        });
      }
    }
  });
  tally.lossSum += result.loss * result.samples;
  tally.samples += result.samples;
}

export function evaluateModel(
  views: DatasetViews,
  { project, dataset, subset }: InvokeParsedArgs<'model:evaluate'>,
): Promise<Evaluation> {
  return engineCall(() =>
    withTrainedModel(project, async (m) => {
      const training = project.training ?? defaultTrainingSettings();
      // The split training made: same fraction and seed, with the preprocessing recorded in the project.
      const settings = { ...dataset, preprocessing: m.preprocessing };
      return views.open(settings, { validationSplit: training.validationSplit, seed: training.seed }, async (d) => {
        if (d.classNames.join('\n') !== m.classNames.join('\n')) {
          throw new IpcError(
            'invalid-dataset',
            `The model was trained on the classes ${m.classNames.join(', ')} but this dataset has ` +
              `${d.classNames.join(', ')}.`,
            'Evaluate on a dataset with the same class folders.',
          );
        }
        if (subset === 'validation' && d.validation.size === 0) {
          throw new IpcError(
            'invalid-dataset',
            'The dataset has no validation samples (validation split 0 and no validation folder).',
            'Evaluate on all samples, or set a validation split or folder.',
          );
        }
        const tally: Tally = {
          labels: [],
          predictions: [],
          misclassified: [],
          misclassifiedCount: 0,
          lossSum: 0,
          samples: 0,
        };
        if (subset === 'all') await evaluateSplit(m, d.train, tally);
        await evaluateSplit(m, d.validation, tally);
        const confusion = confusionMatrix(tally.labels, tally.predictions, m.classNames.length);
        const correct = confusion.reduce((sum, row, c) => sum + row[c], 0);
        return {
          subset,
          classNames: m.classNames,
          samples: tally.samples,
          loss: tally.samples ? tally.lossSum / tally.samples : NaN,
          accuracy: tally.samples ? correct / tally.samples : NaN,
          confusion,
          ...precisionRecall(confusion),
          misclassifiedCount: tally.misclassifiedCount,
          misclassified: tally.misclassified,
          backend: m.engine.backend,
        };
      });
    }),
  );
}

export function predictImage({
  project,
  image,
  gradCam,
}: InvokeParsedArgs<'model:predict'>): Promise<InvokeResult<'model:predict'>> {
  return engineCall(() =>
    withTrainedModel(project, async (m) => {
      const input = await preprocessImage(image.kind === 'file' ? image.path : image.data, m.preprocessing);
      const x = toFloat32(input.pixels);
      const probabilities = Array.from(await m.engine.predict(x, 1));
      const [predicted] = argmaxRows(probabilities, m.classNames.length);
      return {
        classNames: m.classNames,
        probabilities,
        predicted,
        ...(gradCam ? await gradCamOf(m, x, gradCam) : { gradCam: null, gradCamNote: null }),
        height: input.height,
        width: input.width,
        channels: input.channels,
        pixels: new Uint8Array(input.pixels),
      };
    }),
  );
}

/** Grad-CAM on the loaded engine; the layer and class are checked first so a wrong request reads as one. */
async function gradCamOf(
  m: TrainedModel,
  x: Float32Array,
  request: NonNullable<InvokeParsedArgs<'model:predict'>['gradCam']>,
): Promise<{ gradCam: GradCam | null; gradCamNote: string | null }> {
  let layer;
  try {
    layer = gradCamLayer(m.model, request.layer);
  } catch (error) {
    // Asked for "wherever it can be taken": a model without a spatial layer simply has no map, and says why.
    if (request.layer === null) return { gradCam: null, gradCamNote: (error as Error).message };
    throw new IpcError(
      'invalid-model',
      (error as Error).message,
      'Grad-CAM explains models with a convolutional layer before the classifier.',
    );
  }
  const classes = m.classNames.length;
  if (request.classIndex !== null && request.classIndex >= classes)
    throw new IpcError(
      'invalid-payload',
      `Class ${request.classIndex} is outside the model's ${classes} classes.`,
      `Pick a class between 0 and ${classes - 1}.`,
    );
  if (!m.engine.gradCam)
    throw new IpcError('internal', `The ${m.engine.backend} engine cannot compute Grad-CAM.`, null);
  const r = await m.engine.gradCam(x, { layerId: layer.id, classIndex: request.classIndex });
  const { layer: id, layerName, classIndex, height, width, heatmap, maximum } = r;
  return { gradCam: { layer: id, layerName, classIndex, height, width, heatmap, maximum }, gradCamNote: null };
}
