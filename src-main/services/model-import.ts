// Reads a model file as a project for both the CLI's import/export and the model:import channel: a Filterbank
// project, a Keras topology JSON, or a TF.js model.json with the weight files beside it.
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import {
  describeJsonSyntaxError,
  importModel,
  MAX_STRING_LENGTH,
  ModelImportError,
  ModelLoadError,
  parseModelText,
  type ProjectFile,
  shardPathProblem,
  type ShardReader,
} from '../../src-engine';
import { readRegularFile } from '../../src-engine/node';
import { IpcError } from '../../src-shared';
import { errnoCode, fsError } from './fs-errors';

export interface LoadedProject {
  project: ProjectFile;
  source: 'filterbank' | 'keras' | 'tfjs';
  hasWeights: boolean;
  notes: string[];
}

/** A model file that cannot be read or imported; the message is one line naming the file (and layer). */
export class ModelFileError extends Error {}

/** The largest model file read: its text must become one JavaScript string (a saved project is one too). */
export const MAX_MODEL_FILE_BYTES = MAX_STRING_LENGTH;

/** A weight file above this is not a TF.js shard (the converter writes 4 MiB ones); refusing it bounds memory. */
const MAX_WEIGHT_FILE_BYTES = 1024 * 1024 * 1024;

const isMissing = (e: unknown) => errnoCode(e) === 'ENOENT' || errnoCode(e) === 'ENOTDIR';

/** 'tfjs' or 'keras' when parsed JSON is a model of theirs by its top-level keys, null otherwise. */
export function modelFileKind(json: unknown): 'tfjs' | 'keras' | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const obj = json as Record<string, unknown>;
  if ('modelTopology' in obj && (!('format' in obj) || obj.format === 'layers-model')) return 'tfjs';
  if (typeof obj.class_name === 'string' && 'config' in obj && !('format' in obj)) return 'keras';
  if (typeof obj.model_config === 'object' && obj.model_config !== null) return 'keras';
  return null;
}

/**
 * Reads the weight files a model.json lists, only from its folder (after following links) and only regular files.
 * Paths that are absolute or go up are left unread: decodeTfjsWeights refuses them with the rule.
 */
async function shardReaderBeside(modelPath: string, manifest: unknown): Promise<ShardReader> {
  const folder = await realpath(dirname(resolve(modelPath)));
  const groups = Array.isArray(manifest) ? (manifest as { paths?: unknown }[]) : [];
  const paths = groups.flatMap((g) =>
    Array.isArray(g?.paths) ? g.paths.filter((p): p is string => typeof p === 'string') : [],
  );
  const read = new Map<string, Uint8Array>();
  for (const path of new Set(paths)) {
    if (shardPathProblem(path)) continue;
    const where = `${modelPath}: weight file '${path}' listed in model.json`;
    let real: string;
    try {
      real = await realpath(resolve(folder, path));
    } catch (e) {
      if (isMissing(e)) continue;
      throw new ModelFileError(`${where} cannot be read: ${(e as Error).message}`);
    }
    if (!real.startsWith(folder + sep))
      throw new ModelFileError(
        `${where} leads outside its folder (through a link); copy the file itself into the folder of model.json`,
      );
    try {
      read.set(path, (await readRegularFile(real, { maxBytes: MAX_WEIGHT_FILE_BYTES })).bytes);
    } catch (e) {
      if (isMissing(e)) continue;
      throw new ModelFileError(`${where}: ${(e as Error).message}`);
    }
  }
  return (path) => read.get(path) ?? null;
}

/** The text of a model file (regular files up to MAX_MODEL_FILE_BYTES); problems are one-line ModelFileErrors. */
export async function readModelText(path: string): Promise<string> {
  try {
    return (await readRegularFile(path, { maxBytes: MAX_MODEL_FILE_BYTES })).bytes.toString('utf8');
  } catch (e) {
    const error = fsError(e, 'read the model', path);
    throw new ModelFileError(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }
}

/** Loads any model file as a project. Problems with the file become one-line ModelFileErrors naming the file. */
export async function loadModelFile(path: string): Promise<LoadedProject> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new ModelFileError(`${path}: no such file`);
  if (info.isDirectory())
    throw new ModelFileError(`${path}: is a folder, expected a model file (model.json or a project file)`);
  const text = await readModelText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelFileError(`${path}: not valid JSON (${describeJsonSyntaxError(text)})`);
  }
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  try {
    if (('format' in obj && obj.format !== 'layers-model') || Array.isArray(obj.nodes)) {
      const loaded = parseModelText(text);
      return {
        project: loaded.project,
        source: 'filterbank',
        hasWeights: loaded.project.weights !== null,
        notes: loaded.notes,
      };
    }
    const tfjs = 'modelTopology' in obj;
    const imported = importModel(json, tfjs ? await shardReaderBeside(path, obj.weightsManifest) : null);
    return {
      project: imported.project,
      source: tfjs ? 'tfjs' : 'keras',
      hasWeights: imported.hasWeights,
      notes: imported.notes,
    };
  } catch (e) {
    if (e instanceof ModelImportError || e instanceof ModelLoadError)
      throw new ModelFileError(
        `${path}: ${e.layer && !e.message.startsWith(`${e.layer}:`) ? `layer ${e.layer}: ` : ''}${e.message}`,
      );
    throw e;
  }
}

/** model:import: the model file as a new project and the notes on what it could not keep; problems are IpcErrors. */
export async function importModelFile(path: string): Promise<{ project: ProjectFile; notes: string[] }> {
  try {
    const { project, notes } = await loadModelFile(path);
    return { project, notes };
  } catch (e) {
    if (e instanceof ModelFileError)
      throw new IpcError(
        'invalid-model',
        e.message,
        'Choose a TF.js model.json (with its weight files beside it) or a Keras topology JSON (model.to_json()).',
      );
    throw e;
  }
}

/** project:open's refusal of a TF.js or Keras model, or null when the parsed file is not one. */
export function modelFileRefusal(json: unknown, path: string): IpcError | null {
  const kind = modelFileKind(json);
  if (!kind) return null;
  const name = kind === 'tfjs' ? 'TF.js' : 'Keras';
  return new IpcError(
    'is-model-file',
    `${basename(path)} is not a Filterbank project. This is a ${name} model: import it as a new project.`,
    'Use Import… (or filterbank import FILE --out PROJECT.filterbank.json) to turn it into a project.',
  );
}
