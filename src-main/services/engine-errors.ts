// Turns the engine's errors (model, dataset, image, training setup) into errors with a code and a hint, the
// same way for invoke replies (IpcError) and for failed training runs (the worker's error info).
import { DatasetError, ImageReadError, TrainingSetupError } from '../../src-engine/node';
import { ModelInvalidError, NonFiniteWeightError, ProjectFileError, WeightShapeError } from '../../src-engine';
import { IpcError, type IpcErrorCode } from '../../src-shared';

export interface EngineErrorInfo {
  code: Extract<IpcErrorCode, 'invalid-model' | 'invalid-dataset' | 'invalid-image' | 'invalid-file' | 'not-found'>;
  message: string;
  hint: string | null;
}

/** DatasetError appends its hint to its message; the UI shows them apart. */
function withoutHint(message: string, hint: string): string {
  return hint && message.endsWith(hint) ? message.slice(0, -hint.length).trim() : message;
}

function modelHint(error: ModelInvalidError): string {
  const errors = error.diagnostics.filter((d) => d.severity === 'error');
  const fix = errors.flatMap((d) => d.fixes ?? [])[0];
  const located = errors[0]?.layer ? ` (layer ${errors[0].layer})` : '';
  const more = errors.length > 1 ? ` The model has ${errors.length} errors; the editor marks each on its layer.` : '';
  return `${fix ? `${fix.label}${located}.` : `Fix the model in the editor${located}.`}${more}`;
}

/** The engine error's code, message and hint; null for anything else (a bug, reported as such). */
export function describeEngineError(error: unknown): EngineErrorInfo | null {
  if (error instanceof TrainingSetupError) return { code: 'invalid-model', message: error.message, hint: error.hint };
  if (error instanceof ModelInvalidError)
    return { code: 'invalid-model', message: `The model cannot be built: ${error.message}`, hint: modelHint(error) };
  if (error instanceof DatasetError) {
    return {
      code: error.code === 'FOLDER_NOT_FOUND' ? 'not-found' : 'invalid-dataset',
      message: withoutHint(error.message, error.hint),
      hint: error.hint,
    };
  }
  if (error instanceof ImageReadError) {
    return {
      code: 'invalid-image',
      message: `The image cannot be used: ${error.message}.`,
      hint: 'Use a PNG, JPEG, WebP, GIF, BMP or TIFF image.',
    };
  }
  if (error instanceof NonFiniteWeightError || error instanceof WeightShapeError)
    return { code: 'invalid-model', message: `${error.message}.`, hint: error.hint };
  if (error instanceof ProjectFileError)
    return { code: 'invalid-file', message: error.message, hint: 'Open or save the project again from the editor.' };
  return null;
}

/** Rethrows engine errors as IpcErrors; anything else passes through unchanged. */
export function toIpcError(error: unknown): unknown {
  const info = describeEngineError(error);
  return info ? new IpcError(info.code, info.message, info.hint) : error;
}

/** Runs `task`, turning engine errors into IpcErrors. */
export async function engineCall<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw toIpcError(error);
  }
}
