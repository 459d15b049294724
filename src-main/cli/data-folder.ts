import { stat } from 'node:fs/promises';
import { ensureSampleDataset } from '../../src-engine/node';
import { defaultDataDir } from '../services/data-dir';
import { UsageError } from './args';

/** `--data sample` names the bundled MNIST digits, written as PNG class folders on first use. */
export const SAMPLE_KEYWORD = 'sample';

export async function resolveDataFolder(
  value: unknown,
  option: string,
  io: { err(text: string): void },
): Promise<string> {
  if (typeof value !== 'string' || value === '')
    throw new UsageError(
      `--${option} DIR is required (a folder with one sub-folder per class, or '${SAMPLE_KEYWORD}')`,
    );
  if (value === SAMPLE_KEYWORD) {
    let announced = false;
    return ensureSampleDataset(defaultDataDir(), (done, total) => {
      if (!announced)
        io.err(`Writing the sample dataset (${total.toLocaleString('en-US')} MNIST digits) on first use…\n`);
      announced = true;
      void done;
    });
  }
  const info = await stat(value).catch(() => null);
  if (!info) throw new UsageError(`--${option} ${value}: no such folder`);
  if (!info.isDirectory())
    throw new UsageError(`--${option} ${value}: is a file; give a folder with one sub-folder per class`);
  return value;
}

/** A dataset problem as the one line the CLI prints: what is wrong, then how to fix it. */
export function datasetUsageError(command: string, e: { message: string; hint: string }): UsageError {
  // A DatasetError's message already ends with its hint; other errors get it appended once.
  const text = e.hint && e.message.includes(e.hint) ? e.message : `${e.message} ${e.hint}`;
  return new UsageError(`${command}: ${text.trim().replace(/\s*\n\s*/g, '; ')}`);
}
