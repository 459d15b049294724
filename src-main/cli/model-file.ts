import { parseModelText, type LoadedModel } from '../../src-engine/model/load-model';
import { readRegularFile } from '../../src-engine/node/regular-file';
import { fsError } from '../services/fs-errors';
import { UsageError } from './args';

/**
 * The largest model file read. Its text must become one JavaScript string (V8: 2^29 - 24 characters, 512 MiB) and
 * JSON.parse needs several times its size; 256 MiB holds a trained model of about 48 M parameters (weights are
 * base64: 16 bytes of text for 3 parameters).
 */
export const MAX_MODEL_FILE_BYTES = 256 * 1024 * 1024;

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
