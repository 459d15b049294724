import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importModel, ModelImportError } from './model-import';
import { quantize } from './export-fixtures.test-support';
import {
  decodeTfjsWeights,
  encodeTfjsWeights,
  shardPathProblem,
  TfjsWeightsError,
  type TfjsWeightEntry,
} from './tfjs-weights';
import { loadLayersModelFromFiles, maxAbsDiff, saveLayersModelToFiles } from './tfjs-loader.test-support';
import { fileBytes, type ExportFile } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function smallModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.batchNormalization(),
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

const readerOf = (files: readonly ExportFile[]) => {
  const m = new Map(files.map((f) => [f.path, fileBytes(f)]));
  return (p: string) => m.get(p) ?? null;
};
const jsonOf = (files: readonly ExportFile[]) => JSON.parse(new TextDecoder().decode(fileBytes(files[0])));

describe('TF.js weights', () => {
  it.each(['uint8', 'uint16', 'float16'] as const)(
    'dequantises %s weights exactly as tf.io.decodeWeights does, and predicts as TF.js does',
    async (dtype) => {
      const quantized = quantize(await saveLayersModelToFiles(smallModel()), dtype);
      const json = jsonOf(quantized);
      const ours = decodeTfjsWeights(json.weightsManifest, readerOf(quantized));
      const oracle = tf.io.decodeWeights(fileBytes(quantized[1]).slice().buffer, json.weightsManifest[0].weights);
      for (const [name, t] of Object.entries(oracle)) {
        expect(ours.get(name)!.shape).toEqual(t.shape);
        expect(maxAbsDiff(ours.get(name)!.values, t.dataSync()), name).toBe(0);
      }
      const imported = importModel(json, readerOf(quantized));
      const x = tf.randomNormal([3, 6, 6, 2], 0, 1, 'float32', 3);
      const fromTfjs = (await loadLayersModelFromFiles(quantized)).predict(x) as tf.Tensor;
      const { exportTfjs } = await import('./tfjs-export');
      const reexported = (await loadLayersModelFromFiles(exportTfjs(imported.project).files)).predict(x) as tf.Tensor;
      expect(maxAbsDiff(reexported.dataSync(), fromTfjs.dataSync())).toBe(0);
    },
  );

  it('packs weights across shards of a fixed size and reads them back bit for bit', () => {
    const a = { shape: [3, 5], values: Float32Array.from({ length: 15 }, (_, i) => Math.fround(i * 0.37 - 2)) };
    const b = { shape: [7], values: Float32Array.from({ length: 7 }, (_, i) => Math.fround(1 / (i + 1))) };
    const { manifest, shards } = encodeTfjsWeights(
      [
        { name: 'd/kernel', tensor: a },
        { name: 'd/bias', tensor: b },
      ],
      32,
    );
    expect(shards.map((s) => s.bytes.length)).toEqual([32, 32, 24]);
    expect(manifest[0].paths).toEqual(['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    const back = decodeTfjsWeights(manifest, readerOf(shards));
    expect(back.get('d/kernel')).toEqual(a);
    expect(back.get('d/bias')).toEqual(b);
  });

  it('names a missing or truncated weight file and a malformed manifest', async () => {
    const saved = await saveLayersModelToFiles(smallModel(), 256);
    const json = jsonOf(saved);
    const missing = json.weightsManifest[0].paths[1];
    const without = saved.filter((f) => f.path !== missing);
    expect(() => importModel(json, readerOf(without))).toThrow(
      new ModelImportError(
        `weight file '${missing}' listed in model.json is missing: put it in the folder of model.json`,
      ),
    );
    const truncated = saved.map((f) => (f.path === missing ? { path: f.path, bytes: fileBytes(f).slice(0, 10) } : f));
    expect(() => decodeTfjsWeights(json.weightsManifest, readerOf(truncated))).toThrow(
      /truncated or from another model/,
    );
    expect(() => decodeTfjsWeights([{ paths: 'x.bin', weights: [] }], readerOf(saved))).toThrow(TfjsWeightsError);
    expect(() =>
      decodeTfjsWeights(
        [{ paths: ['x.bin'], weights: [{ name: 'w', shape: [1], dtype: 'string' }] }],
        () => new Uint8Array(4),
      ),
    ).toThrow(/dtype 'string'/);
  });

  it('refuses weight files named outside the folder of model.json without reading them', () => {
    const outside = [
      '/etc/shadow',
      '../secret.bin',
      'a/../../secret.bin',
      'a/..',
      '..',
      'C:/Windows/x.bin',
      'c:secret.bin',
      '\\\\server\\share\\x.bin',
      'a\\..\\..\\x.bin',
      'file:///etc/passwd',
      '',
      'x\u0000.bin',
    ];
    for (const path of outside) {
      const read: string[] = [];
      const manifest = [{ paths: [path], weights: [{ name: 'd/bias', shape: [1], dtype: 'float32' }] }];
      expect(() => decodeTfjsWeights(manifest, (p) => (read.push(p), new Uint8Array(4))), JSON.stringify(path)).toThrow(
        TfjsWeightsError,
      );
      expect(() => decodeTfjsWeights(manifest, () => new Uint8Array(4))).toThrow(
        /weight files must be named by a path inside the folder of model.json/,
      );
      expect(read).toEqual([]);
      expect(shardPathProblem(path)).not.toBeNull();
    }
    for (const path of ['group1-shard1of1.bin', 'weights/group1-shard1of2.bin', 'a..b.bin'])
      expect(shardPathProblem(path)).toBeNull();
  });

  it('matches Keras, converter and Keras 3 weight names and names extra, missing and misshapen weights', async () => {
    const saved = await saveLayersModelToFiles(smallModel());
    const json = jsonOf(saved);
    const weights = json.weightsManifest[0].weights as TfjsWeightEntry[];
    const layerOf = (n: string) => n.split('/')[0];
    const renamed = (rename: (n: string, i: number) => string) => ({
      ...json,
      weightsManifest: [
        { ...json.weightsManifest[0], weights: weights.map((w, i) => ({ ...w, name: rename(w.name, i) })) },
      ],
    });
    const base = importModel(json, readerOf(saved));
    const scoped = importModel(
      renamed((n) => `sequential/${n}:0`),
      readerOf(saved),
    );
    expect(scoped.project.weights).toEqual(base.project.weights);
    // Keras 3's index names: the position in the layer's weight list (Conv2D/Dense: kernel, bias; BatchNormalization:
    // gamma, beta, moving_mean, moving_variance).
    const position: Record<string, number> = {
      kernel: 0,
      bias: 1,
      gamma: 0,
      beta: 1,
      moving_mean: 2,
      moving_variance: 3,
    };
    const byIndex = renamed((n) => `${layerOf(n)}/vars/${position[n.split('/')[1]]}`);
    expect(importModel(byIndex, readerOf(saved)).project.weights).toEqual(base.project.weights);

    const errorOf = (j: unknown) => {
      try {
        importModel(j, readerOf(saved));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(errorOf(renamed((n, i) => (i === 0 ? 'ghost/kernel' : n)))).toMatch(
      /^weight 'ghost\/kernel' belongs to no layer of the model/,
    );
    expect(errorOf(renamed((n, i) => (i === 0 ? `${layerOf(n)}/gamma` : n)))).toMatch(
      /matches no weight of layer .* \(Conv2D\): it has kernel, bias$/,
    );
    const first = weights[0].name;
    const twice = {
      ...json,
      weightsManifest: [
        {
          ...json.weightsManifest[0],
          weights: weights.map((w, i) => (i === 1 ? { ...w, name: first, shape: w.shape } : w)),
        },
      ],
    };
    expect(errorOf(twice)).toMatch(/appears twice|both set/);
    const dropLast = {
      ...json,
      weightsManifest: [{ paths: json.weightsManifest[0].paths, weights: weights.slice(0, -1) }],
    };
    expect(errorOf(dropLast)).toMatch(/hold \d+ bytes but the manifest describes/);
    const reshaped = renamed((n) => n);
    reshaped.weightsManifest[0].weights[0] = {
      ...weights[0],
      shape: [weights[0].shape.reduce((a: number, b: number) => a * b, 1)],
    };
    expect(errorOf(reshaped)).toMatch(/has shape \[\d+\] but .*\/kernel needs \[3, 3, 2, 4\]/);
  });
});
