// A project whose weights hold NaN or infinite values (a diverged run saved, or a file edited by hand) is refused
// where its weights are decoded, naming the layer and the weight, for every use: load, export, continue training.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImage, makeTempDir, mnistDigits, writeTree } from '../data/testing/fixtures';
import { projectWithWeights, randomWeights } from '../export/export-fixtures.test-support';
import { prepareExport } from '../export/export-model';
import { sequential } from '../model/graph';
import { decodeWeights, NonFiniteWeightError, type ProjectFile } from '../model/project-file';
import { TrainingSettingsSchema } from '../model/settings';
import { runTraining, TrainingSetupError } from './training-run';

const graph = sequential('m', [
  { className: 'InputLayer', params: { shape: [8, 8, 1] } },
  { className: 'Conv2D', params: { filters: 2, kernelSize: 3, activation: 'relu' } },
  { className: 'Conv2D', params: { filters: 2, kernelSize: 3, activation: 'relu' } },
  { className: 'Flatten' },
  { className: 'Dense', params: { units: 2, activation: 'softmax' } },
]);
const idOf = (name: string): string => graph.nodes.find((n) => n.name === name)!.id;

/** A trained-looking project with `values` written at the start of one weight. */
function poisoned(layer: string, weight: string, values: number[]): ProjectFile {
  const weights = randomWeights(graph, 5);
  weights.get(idOf(layer))!.get(weight)!.values.set(values);
  return projectWithWeights(graph, 5, weights);
}

const nan3 = (): ProjectFile => poisoned('conv2d_1', 'kernel', [NaN, 0.5, NaN, NaN]);
const NAN_MESSAGE = "Layer conv2d_1's kernel holds 3 NaN values: the model diverged when it was trained";

describe('decodeWeights refuses non-finite values', () => {
  it('names the layer, the weight and the count of NaN values', () => {
    const error = (() => {
      try {
        decodeWeights(nan3().weights!, graph);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NonFiniteWeightError);
    expect((error as NonFiniteWeightError).message).toBe(NAN_MESSAGE);
    expect((error as NonFiniteWeightError).hint).toBe('Train it again, or load an earlier save.');
  });

  it('counts infinite values, and NaN and infinite values together', () => {
    expect(() => decodeWeights(poisoned('dense', 'bias', [Infinity]).weights!, graph)).toThrow(
      "Layer dense's bias holds 1 infinite value:",
    );
    expect(() => decodeWeights(poisoned('conv2d', 'bias', [-Infinity, NaN]).weights!, graph)).toThrow(
      "Layer conv2d's bias holds 1 NaN and 1 infinite values:",
    );
  });

  it('names the node id when no graph is given, and accepts finite weights', () => {
    expect(() => decodeWeights(nan3().weights!)).toThrow(`Layer ${idOf('conv2d_1')}'s kernel holds 3 NaN values`);
    expect(
      decodeWeights(projectWithWeights(graph, 5).weights!, graph).get(idOf('dense'))!.get('kernel')!.shape,
    ).toEqual([32, 2]);
  });
});

describe('every use of a project refuses its non-finite weights', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('fb-nan-'));
    const digits = mnistDigits(4);
    const files: Record<string, Uint8Array> = {};
    for (const d of [0, 1])
      for (const [i, img] of digits[d].entries()) files[`class a${d}/${i}.png`] = await encodeImage(img, 'png');
    await writeTree(join(dir, 'data'), files);
  });
  afterAll(() => cleanup());

  it('export', () => {
    expect(() => prepareExport(nan3(), { requireWeights: true })).toThrow(NAN_MESSAGE);
  });

  it('continuing training, before the dataset is decoded', async () => {
    const settings = TrainingSettingsSchema.parse({ epochs: 1, batchSize: 4, seed: 1 });
    const project = nan3();
    project.classNames = ['class a0', 'class a1'];
    project.dataset = null;
    let datasetProgress = 0;
    const run = runTraining({
      project,
      dataDir: join(dir, 'data'),
      settings,
      onDatasetProgress: () => datasetProgress++,
    });
    await expect(run).rejects.toBeInstanceOf(TrainingSetupError);
    await expect(run).rejects.toThrow(NAN_MESSAGE);
    expect(datasetProgress).toBe(0);
  });
});
