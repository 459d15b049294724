import { readFile, stat } from 'node:fs/promises';
import { parseModelText, type LoadedModel } from '../../src-engine/model/load-model';
import { UsageError } from './args';

/** Reads a model file for a command, turning missing paths into one clear line. */
export async function readModelFile(path: string): Promise<LoadedModel> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file`);
  if (info.isDirectory()) throw new UsageError(`${path}: is a folder, expected a model file (.json)`);
  return parseModelText(await readFile(path, 'utf8'));
}
