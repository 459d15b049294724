import * as tf from '@tensorflow/tfjs';
import { fileBytes, type ExportFile } from './types';

/**
 * Loads a TF.js Layers model from exported files the way a browser does: `tf.io.http` fetches model.json, resolves
 * the shard paths beside it and fetches them; here the fetch answers from the files in memory.
 */
export async function loadLayersModelFromFiles(
  files: readonly ExportFile[],
  modelPath = 'model.json',
): Promise<tf.LayersModel> {
  const byPath = new Map(files.map((f) => [f.path, fileBytes(f)]));
  const base = 'http://export.invalid/';
  const fetchFunc = async (url: string | URL | Request) => {
    const path = String(url).slice(base.length);
    const bytes = byPath.get(path);
    return bytes ? new Response(bytes.slice()) : new Response(`no file ${path}`, { status: 404 });
  };
  return tf.loadLayersModel(tf.io.http(base + modelPath, { fetchFunc }));
}

/**
 * Saves a TF.js model the way `model.save()` does and returns its
 * artifacts as files: model.json and one shard per `shardBytes`.
 */
export async function saveLayersModelToFiles(
  model: tf.LayersModel,
  shardBytes = 4 * 1024 * 1024,
): Promise<ExportFile[]> {
  let files: ExportFile[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const count = Math.max(1, Math.ceil(data.length / shardBytes));
      const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
      };
      files = [
        { path: 'model.json', text: JSON.stringify(modelJson) },
        ...paths.map((path, i) => ({ path, bytes: data.slice(i * shardBytes, (i + 1) * shardBytes) })),
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
