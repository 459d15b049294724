import { type LoadedModel, MAX_STRING_LENGTH, parseModelText } from '../../src-engine';
import { readRegularFile } from '../../src-engine/node';
import { fsError } from '../services/fs-errors';
import { UsageError } from './args';

/** The largest model file read: its text must become one JavaScript string (a saved project is one too). */
export const MAX_MODEL_FILE_BYTES = MAX_STRING_LENGTH;

/** Reads a model file for a command; missing paths, folders, devices, FIFOs and oversized files are one clear line. */
export async function readModelFile(path: string): Promise<LoadedModel> {
  let bytes: Buffer;
  try {
    ({ bytes } = await readRegularFile(path, { maxBytes: MAX_MODEL_FILE_BYTES }));
  } catch (e) {
    const error = fsError(e, 'read the model', path);
    throw new UsageError(`${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }
  return parseModelText(bytes.toString('utf8'));
}
