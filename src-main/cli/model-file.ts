import { type LoadedModel, parseModelText } from '../../src-engine';
import { ModelFileError, readModelText } from '../services/model-import';
import { UsageError } from './args';

/** Reads a model file for a command; missing paths, folders, devices, FIFOs and oversized files are one clear line. */
export async function readModelFile(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readModelText(path);
  } catch (e) {
    if (e instanceof ModelFileError) throw new UsageError(e.message);
    throw e;
  }
  return parseModelText(text);
}
