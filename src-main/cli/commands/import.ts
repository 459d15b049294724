import { realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import {
  describeJsonSyntaxError,
  importModel,
  ModelImportError,
  ModelLoadError,
  parseModelText,
  type ProjectFile,
  serializeProjectFile,
  shardPathProblem,
  type ShardReader,
} from '../../../src-engine';
import { readRegularFile } from '../../../src-engine/node';
import { ExportWriteError, writeFileAtomically } from '../../services/export-writer';
import { fsError } from '../../services/fs-errors';
import { UsageError } from '../args';
import { MAX_MODEL_FILE_BYTES } from '../model-file';
import type { CliCommand } from '../command';

export interface LoadedProject {
  project: ProjectFile;
  source: 'filterbank' | 'keras' | 'tfjs';
  hasWeights: boolean;
  notes: string[];
}

/** A weight file above this is not a TF.js shard (the converter writes 4 MiB ones); refusing it bounds memory. */
const MAX_WEIGHT_FILE_BYTES = 1024 * 1024 * 1024;

const isMissing = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR';

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
      throw new UsageError(`${where} cannot be read: ${(e as Error).message}`);
    }
    if (!real.startsWith(folder + sep))
      throw new UsageError(
        `${where} leads outside its folder (through a link); copy the file itself into the folder of model.json`,
      );
    try {
      read.set(path, (await readRegularFile(real, { maxBytes: MAX_WEIGHT_FILE_BYTES })).bytes);
    } catch (e) {
      if (isMissing(e)) continue;
      throw new UsageError(`${where}: ${(e as Error).message}`);
    }
  }
  return (path) => read.get(path) ?? null;
}

/**
 * Loads any model file as a project: a Filterbank project, a Keras topology JSON, or a TF.js model.json with the
 * weight files beside it. Problems with the file become one-line UsageErrors naming the file (and layer).
 */
export async function loadProject(path: string): Promise<LoadedProject> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file`);
  if (info.isDirectory())
    throw new UsageError(`${path}: is a folder, expected a model file (model.json or a project file)`);
  let text: string;
  try {
    text = (await readRegularFile(path, { maxBytes: MAX_MODEL_FILE_BYTES })).bytes.toString('utf8');
  } catch (e) {
    const error = fsError(e, 'read the model', path);
    throw new UsageError(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not valid JSON (${describeJsonSyntaxError(text)})`);
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
      throw new UsageError(
        `${path}: ${e.layer && !e.message.startsWith(`${e.layer}:`) ? `layer ${e.layer}: ` : ''}${e.message}`,
      );
    throw e;
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE --out PROJECT.json [--force]',
  description: 'Turn a TF.js model.json (with its weight files) or a Keras topology JSON into a Filterbank project.',
  options: {
    out: { type: 'string', help: 'The project file to write.' },
    force: { type: 'flag', help: 'Replace the project file if it exists.' },
  },
  async run({ options, positionals }, io) {
    if (positionals.length !== 1)
      throw new UsageError('import: give exactly one model file (model.json or a Keras topology JSON)');
    if (typeof options.out !== 'string') throw new UsageError('import: --out PROJECT.json is required');
    const loaded = await loadProject(positionals[0]);
    try {
      const written = await writeFileAtomically(
        options.out,
        new TextEncoder().encode(serializeProjectFile(loaded.project)),
        { overwrite: Boolean(options.force) },
      );
      const layers = loaded.project.graph.nodes.length;
      io.out(
        `imported ${layers} layers ${loaded.hasWeights ? 'with their weights' : 'without weights'} from ` +
          `${positionals[0]} → ${written}`,
      );
    } catch (e) {
      if (e instanceof ExportWriteError) throw new UsageError(`import: ${e.message}`);
      throw e;
    }
    for (const note of loaded.notes) io.out(`note: ${note}`);
    return 0;
  },
};
