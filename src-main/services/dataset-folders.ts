// Where a project's dataset lives: its own folder, or the bundled sample digits (dataset.path null), written
// once into the per-user data folder.
import { join } from 'node:path';
import { ensureSampleDataset } from '../../src-engine/node';
import type { DatasetSettingsPayload } from '../../src-shared';
import { engineCall } from './engine-errors';

export interface ResolvedDataset {
  dir: string;
  validationDir: string | null;
}

export class DatasetFolders {
  private sample: Promise<string> | null = null;

  /** `cacheDir` holds the sample folder (mnist-digits/). */
  constructor(readonly cacheDir: string) {}

  static forDataDir(dataDir: string): DatasetFolders {
    return new DatasetFolders(join(dataDir, 'datasets'));
  }

  /** The sample digits' folder, written on first use (10,000 PNGs, a few seconds) and checked once per run. */
  samplePath(): Promise<string> {
    this.sample ??= engineCall(() => ensureSampleDataset(this.cacheDir)).catch((error: unknown) => {
      this.sample = null;
      throw error;
    });
    return this.sample;
  }

  async resolve(dataset: Pick<DatasetSettingsPayload, 'path' | 'validationPath'>): Promise<ResolvedDataset> {
    return { dir: dataset.path ?? (await this.samplePath()), validationDir: dataset.validationPath };
  }

  /** The settings with the folder filled in. */
  async resolveSettings<D extends DatasetSettingsPayload>(dataset: D): Promise<D & { path: string }> {
    return { ...dataset, path: (await this.resolve(dataset)).dir };
  }
}
