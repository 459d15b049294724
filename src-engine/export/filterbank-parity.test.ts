import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../core/activations';
import { sequential } from '../model/graph';
import { decodeWeights } from '../model/project-file';
import {
  branchingModel,
  filterbankPredict,
  projectWithWeights,
  quantize,
  randomInputs,
  sequentialCnn,
  trainedProject,
} from './export-fixtures.test-support';
import { importModel } from './model-import';
import { exportTfjs } from './tfjs-export';
import { loadLayersModelFromFiles, maxAbsDiff, saveLayersModelToFiles } from './tfjs-loader.test-support';
import { fileBytes, type ExportFile } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const readerOf = (files: readonly ExportFile[]) => {
  const m = new Map(files.map((f) => [f.path, fileBytes(f)]));
  return (p: string) => m.get(p) ?? null;
};
const jsonOf = (files: readonly ExportFile[]) =>
  JSON.parse(new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.json')!)));

async function tfjsPredict(model: tf.LayersModel, x: Float32Array, n: number): Promise<Float32Array> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  return (model.predict(tf.tensor(x, [n, ...shape])) as tf.Tensor).data() as Promise<Float32Array>;
}

describe.each([
  ['a Sequential CNN with BatchNormalization and Dropout', sequentialCnn],
  ['a functional model with Add, Multiply and Concatenate', branchingModel],
] as const)('Filterbank → TF.js after training: %s', (_label, build) => {
  it('loads in tf.loadLayersModel and predicts as Filterbank does (max |Δ| < 1e-4)', async () => {
    const project = await trainedProject(build(), 5);
    const weights = decodeWeights(project.weights!);
    const bn = [...weights.values()].find((w) => w.has('moving_mean'))!.get('moving_mean')!;
    expect(bn.values.some((v) => v !== 0)).toBe(true);
    const { files } = exportTfjs(project);
    const loaded = await loadLayersModelFromFiles(files);
    const shape = loaded.inputs[0].shape.slice(1) as number[];
    const x = randomInputs(shape, 8, 99);
    const ours = await filterbankPredict(project, x, 8);
    const theirs = await tfjsPredict(loaded, x, 8);
    const diff = maxAbsDiff(ours, theirs);
    expect(diff).toBeLessThan(1e-4);
    expect(Math.max(...ours)).toBeGreaterThan(0);

    const again = importModel(jsonOf(files), readerOf(files));
    expect(again.project.weights).toEqual(project.weights);
    expect(maxAbsDiff(await filterbankPredict(again.project, x, 8), ours)).toBe(0);
  });
});

describe('TF.js → Filterbank', () => {
  function tfjsCnn(): tf.LayersModel {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [9, 9, 3], filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.setWeights(
      model.weights.map((w, i) =>
        w.name.includes('variance')
          ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', i)
          : tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', i),
      ),
    );
    return model;
  }

  it.each(['float32', 'uint8', 'float16'] as const)(
    'a model saved by TF.js itself (%s weights) imports and predicts the same in Filterbank',
    async (dtype) => {
      const model = tfjsCnn();
      const saved = await saveLayersModelToFiles(model, 500);
      const files = dtype === 'float32' ? saved : quantize(saved, dtype);
      const imported = importModel(jsonOf(files), readerOf(files));
      expect(imported.hasWeights).toBe(true);
      const x = randomInputs([9, 9, 3], 6, 3);
      const reference = await tfjsPredict(await loadLayersModelFromFiles(files), x, 6);
      expect(maxAbsDiff(await filterbankPredict(imported.project, x, 6), reference)).toBeLessThan(1e-4);
      if (dtype !== 'float32') expect(maxAbsDiff(reference, await tfjsPredict(model, x, 6))).toBeGreaterThan(0);
    },
  );
});

describe('activations in the TF.js export', () => {
  const unsupported = ['hard_sigmoid', 'leaky_relu', 'exponential'];
  it.each(ACTIVATIONS.filter((a) => !unsupported.includes(a)))(
    '%s computes the same in TF.js as in Filterbank',
    async (activation) => {
      const graph = sequential('act', [
        { className: 'InputLayer', params: { shape: [6] } },
        { className: 'Dense', params: { units: 5, activation } },
      ]);
      const project = projectWithWeights(graph, 8);
      const x = Float32Array.from(randomInputs([6], 4, 1), (v) => (v - 0.5) * 8);
      const loaded = await loadLayersModelFromFiles(exportTfjs(project).files);
      expect(maxAbsDiff(await filterbankPredict(project, x, 4), await tfjsPredict(loaded, x, 4))).toBeLessThan(1e-5);
    },
  );

  it.each(unsupported)('%s, which TF.js computes differently or lacks, is refused with the reason', (activation) => {
    const graph = sequential('act', [
      { className: 'InputLayer', params: { shape: [6] } },
      { className: 'Dense', params: { units: 5, activation } },
    ]);
    expect(() => exportTfjs(projectWithWeights(graph, 8))).toThrow(
      new RegExp(
        `^dense: activation '${activation}' cannot be exported to TensorFlow.js: .+; choose another activation`,
      ),
    );
  });
});
