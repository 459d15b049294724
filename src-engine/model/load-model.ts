import { describeJsonSyntaxError } from './json-syntax';
import { importKerasModel, KerasImportError } from './keras-import';
import { layerCountProblem } from './limits';
import { newProject, parseProjectFile, ProjectFileError, type ProjectFile } from './project-file';

export interface LoadedModel {
  source: 'filterbank' | 'keras' | 'tfjs';
  project: ProjectFile;
  /** The TF.js weights manifest of a model.json, for loading its shards. */
  weightsManifest: unknown[] | null;
  notes: string[];
}

/** A model file Filterbank cannot open; `layer` names the layer at fault when there is one. */
export class ModelLoadError extends Error {
  constructor(
    message: string,
    readonly layer: string | null = null,
  ) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

/** Reads any model file Filterbank understands: its own project file, a Keras topology JSON or a TF.js model.json. */
export function parseModelText(text: string): LoadedModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelLoadError(`not valid JSON (${describeJsonSyntaxError(text)})`);
  }
  // Before any per-layer work: a million-layer file would otherwise take minutes and gigabytes to refuse.
  const tooMany = layerCountProblem(json);
  if (tooMany) throw new ModelLoadError(tooMany);
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  try {
    if (('format' in obj && obj.format !== 'layers-model') || Array.isArray(obj.nodes)) {
      return { source: 'filterbank', project: parseProjectFile(text), weightsManifest: null, notes: [] };
    }
    const imported = importKerasModel(json);
    return {
      source: 'modelTopology' in obj ? 'tfjs' : 'keras',
      project: newProject(imported.graph),
      weightsManifest: imported.weightsManifest,
      notes: imported.notes,
    };
  } catch (e) {
    if (e instanceof KerasImportError) throw new ModelLoadError(e.message, e.layer);
    if (e instanceof ProjectFileError) throw new ModelLoadError(e.message);
    throw e;
  }
}
