import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../model/summary';
import { importModel } from './model-import';
import { exportTfjs } from './tfjs-export';
import { loadLayersModelFromFiles, maxAbsDiff, saveLayersModelToFiles } from './tfjs-loader.test-support';
import { fileBytes, type ExportFile } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Gives every weight a distinct random value (positive variances), so that a misplaced weight changes predictions. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.setWeights(
    model.weights.map((w, i) =>
      w.name.includes('moving_variance')
        ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + i)
        : tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', seed + i),
    ),
  );
}

function sequentialCnn(): tf.LayersModel {
  const model = tf.sequential({
    name: 'seq_cnn',
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 1, kernelInitializer: 'heNormal' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  randomizeWeights(model, 1);
  return model;
}

function functionalModel(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'image' });
  const a = tf.layers
    .conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'branch_a' })
    .apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'branch_b' }).apply(input) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
  const joined = tf.layers.concatenate({ name: 'joined' }).apply([sum, input]) as tf.SymbolicTensor;
  const normed = tf.layers.batchNormalization({ name: 'bn' }).apply(joined) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(normed) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, activation: 'softmax', name: 'classes' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'branchy' });
  randomizeWeights(model, 100);
  return model;
}

const reader = (files: readonly ExportFile[]) => {
  const byPath = new Map(files.map((f) => [f.path, fileBytes(f)]));
  return (path: string) => byPath.get(path) ?? null;
};
const modelJsonOf = (files: readonly ExportFile[]) =>
  JSON.parse(new TextDecoder().decode(fileBytes(files.find((f) => f.path === 'model.json')!)));

async function predict(model: tf.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  return (model.predict(x) as tf.Tensor).data() as Promise<Float32Array>;
}

describe.each([
  ['a Sequential CNN with BatchNormalization and Dropout', sequentialCnn, [12, 12, 3]],
  ['a functional model with Add and Concatenate', functionalModel, [8, 8, 3]],
] as const)('TF.js model → Filterbank → TF.js: %s', (_label, build, shape) => {
  it(
    'imports with weights and exports a model.json that ' + 'tf.loadLayersModel loads with the same predictions',
    async () => {
      const original = build();
      const saved = await saveLayersModelToFiles(original, 300);
      expect(saved.length).toBeGreaterThan(2);
      const imported = importModel(modelJsonOf(saved), reader(saved));
      expect(imported.hasWeights).toBe(true);

      const exported = exportTfjs(imported.project, { shardBytes: 2048, generatedBy: 'Filterbank test' });
      const json = modelJsonOf(exported.files);
      expect(json.format).toBe('layers-model');
      expect(json.generatedBy).toBe('Filterbank test');
      const shards = exported.files.filter((f) => f.path.endsWith('.bin'));
      expect(json.weightsManifest[0].paths).toEqual(shards.map((s) => s.path));
      for (const s of shards) expect(fileBytes(s).length).toBeLessThanOrEqual(2048);

      const loaded = await loadLayersModelFromFiles(exported.files);
      const layerList = (m: tf.LayersModel) =>
        m.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => [l.name, l.getClassName()]);
      expect(layerList(loaded)).toEqual(layerList(original));
      expect(loaded.countParams()).toBe(original.countParams());
      const x = tf.randomNormal([5, ...shape], 0, 1, 'float32', 7);
      const diff = maxAbsDiff(await predict(loaded, x), await predict(original, x));
      expect(diff).toBe(0);
      expect(
        (loaded.getUserDefinedMetadata() as { filterbank: { classNames: string[] } }).filterbank.classNames,
      ).toHaveLength(original.outputs[0].shape[1] as number);

      // What the TF.js converter (and Keras) reads is what TF.js writes: every option TF.js serialised has the same
      // value in our config, and a functional model's connections are written identically.
      const theirs = original.toJSON(null, false) as unknown as {
        class_name: string;
        config: {
          layers: { name?: string; class_name: string; config: Record<string, unknown>; inbound_nodes?: unknown }[];
          input_layers?: unknown;
          output_layers?: unknown;
        };
      };
      const ours = json.modelTopology;
      expect(ours.class_name).toBe(theirs.class_name === 'Model' ? 'Functional' : theirs.class_name);
      for (const layer of theirs.config.layers) {
        const mine = ours.config.layers.find((l: { config: { name: string } }) => l.config.name === layer.config.name);
        expect(mine.class_name).toBe(layer.class_name);
        for (const [key, value] of Object.entries(layer.config)) {
          // Sequential's first layer carries the input shape in TF.js; ours
          // has an explicit InputLayer. seed only picks a random stream.
          if (key === 'batch_input_shape' || key === 'seed') continue;
          expect(mine.config[key], `${layer.config.name}.${key}`).toEqual(value);
        }
        if (layer.inbound_nodes) expect(mine.inbound_nodes, String(layer.config.name)).toEqual(layer.inbound_nodes);
      }
      if (theirs.config.output_layers) {
        expect(ours.config.input_layers).toEqual(theirs.config.input_layers);
        expect(ours.config.output_layers).toEqual(theirs.config.output_layers);
      }

      const again = importModel(json, reader(exported.files));
      expect(summarize(again.project.graph)).toEqual(summarize(imported.project.graph));
      expect(again.project.weights).toEqual(imported.project.weights);
    },
  );
});
