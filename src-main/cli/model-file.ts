import { type LoadedModel, parseModelText } from '../../src-engine';
import { readRegularFile } from '../../src-engine/node';
import { fsError } from '../services/fs-errors';
import { MAX_MODEL_FILE_BYTES } from '../services/model-import';
import { UsageError } from './args';

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
