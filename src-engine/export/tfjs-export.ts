import type { CompiledLayer } from '../model/executor';
import type { ProjectFile, WeightMap } from '../model/project-file';
import { exportMetadata, METADATA_KEY, type ExportMetadata } from './export-metadata';
import { prepareExport, type ExportModel } from './export-model';
import { kerasLayerJson } from './keras-layer-config';
import { isChain, layersToOutput } from './model-subset';
import { encodeTfjsWeights, SHARD_BYTES, type TfjsWeightsManifest } from './tfjs-weights';
import type { ExportFile, ExportResult } from './types';

export const MODEL_JSON = 'model.json';
export const SIDECAR_JSON = 'filterbank.json';

export interface TfjsExportOptions {
  /** Written as model.json's generatedBy, e.g. "Filterbank 0.1.0". */
  generatedBy?: string;
  shardBytes?: number;
}

export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: { class_name: string; config: Record<string, unknown> };
  weightsManifest: TfjsWeightsManifest;
  userDefinedMetadata: { [METADATA_KEY]: ExportMetadata };
}

/** Keras' model topology: Sequential for a chain, Functional with inbound_nodes for any other DAG. */
export function kerasTopology(
  name: string,
  layers: readonly CompiledLayer[],
  outputId: string,
): { class_name: string; config: Record<string, unknown> } {
  const json = layers.map((l) => kerasLayerJson(l.def, l.name, l.params));
  if (isChain(layers)) return { class_name: 'Sequential', config: { name, layers: json } };
  const nameOf = new Map(layers.map((l) => [l.id, l.name]));
  const ref = (id: string) => [nameOf.get(id), 0, 0];
  return {
    class_name: 'Functional',
    config: {
      name,
      layers: layers.map((l, i) => ({
        name: l.name,
        class_name: json[i].class_name,
        config: json[i].config,
        inbound_nodes: l.inputIds.length === 0 ? [] : [l.inputIds.map((id) => [...ref(id), {}])],
      })),
      input_layers: layers.filter((l) => l.className === 'InputLayer').map((l) => ref(l.id)),
      output_layers: [ref(outputId)],
    },
  };
}

/** The TF.js Layers model (model.json + shards) for a prepared model; also used by the TypeScript export. */
export function buildTfjsModel(
  model: ExportModel,
  options: TfjsExportOptions = {},
): {
  modelJson: TfjsModelJson;
  shards: { path: string; bytes: Uint8Array }[];
  metadata: ExportMetadata;
  notes: string[];
} {
  const { layers, dropped } = layersToOutput(model.compiled);
  const notes = dropped.length > 0 ? [`layers that do not feed the output are left out: ${dropped.join(', ')}`] : [];
  const weights: WeightMap = model.weights ?? new Map();
  const named = layers.flatMap((l) =>
    l.weights.map((w) => ({ name: `${l.name}/${w.name}`, tensor: weights.get(l.id)!.get(w.name)! })),
  );
  const { manifest, shards } = encodeTfjsWeights(named, options.shardBytes ?? SHARD_BYTES);
  const metadata = exportMetadata(model, layers);
  const modelJson: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: options.generatedBy ?? 'Filterbank',
    convertedBy: null,
    modelTopology: kerasTopology(model.project.graph.name, layers, model.compiled.outputId),
    weightsManifest: manifest,
    userDefinedMetadata: { [METADATA_KEY]: metadata },
  };
  return { modelJson, shards, metadata, notes };
}

/** Exports a project as a TF.js Layers model: model.json, weight shards and the filterbank.json sidecar. */
export function exportTfjs(project: ProjectFile, options: TfjsExportOptions = {}): ExportResult {
  const model = prepareExport(project, { requireWeights: true });
  const built = buildTfjsModel(model, options);
  return { files: tfjsFiles(built), notes: [...model.notes, ...built.notes] };
}

export function tfjsFiles(built: ReturnType<typeof buildTfjsModel>): ExportFile[] {
  return [
    { path: MODEL_JSON, text: JSON.stringify(built.modelJson) },
    ...built.shards,
    { path: SIDECAR_JSON, text: `${JSON.stringify(built.metadata, null, 2)}\n` },
  ];
}
