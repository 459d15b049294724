// Open datasets kept between calls (report, preview, evaluate of the same settings), least recently used
// first out. Opening decodes every image once, so re-opening on each call would cost seconds each time.
import { openImageFolderDataset, type ImageFolderDataset } from '../../src-engine/node';
import type { Preprocessing } from '../../src-engine';
import type { ResolvedDataset } from './dataset-folders';
import { engineCall } from './engine-errors';

export interface DatasetKey extends ResolvedDataset {
  preprocessing: Preprocessing;
  validationSplit: number;
  seed: number;
}

interface Entry {
  key: string;
  dataset: Promise<ImageFolderDataset>;
  users: number;
  evicted: boolean;
}

export class DatasetCache {
  private entries: Entry[] = [];
  private disposed = false;

  constructor(private readonly capacity = 2) {}

  /**
   * Runs `task` on the open dataset for `key`, opening it if needed (or anew with `refresh`, after files changed);
   * the dataset stays open while in use.
   */
  async use<T>(key: DatasetKey, task: (dataset: ImageFolderDataset) => Promise<T>, refresh = false): Promise<T> {
    if (this.disposed) throw new Error('the dataset cache was disposed');
    const entry = this.acquire(key, refresh);
    try {
      return await task(await entry.dataset);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) await this.close(entry);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const entries = this.entries.splice(0);
    for (const entry of entries) entry.evicted = true;
    await Promise.all(entries.filter((e) => e.users === 0).map((e) => this.close(e)));
  }

  /** Keys of the datasets held open, most recent first (for tests and logs). */
  openKeys(): string[] {
    return this.entries.map((e) => e.key);
  }

  private acquire(key: DatasetKey, refresh: boolean): Entry {
    const id = JSON.stringify([
      key.dir,
      key.validationDir,
      key.preprocessing,
      key.validationDir ? 0 : key.validationSplit,
      key.seed,
    ]);
    let entry = this.entries.find((e) => e.key === id);
    if (entry && refresh) {
      this.entries = this.entries.filter((e) => e !== entry);
      entry.evicted = true;
      if (entry.users === 0) void this.close(entry);
      entry = undefined;
    }
    if (entry) {
      this.entries = [entry, ...this.entries.filter((e) => e !== entry)];
    } else {
      const opening = engineCall(() =>
        openImageFolderDataset(key.dir, {
          preprocessing: key.preprocessing,
          ...(key.validationDir ? { validationDir: key.validationDir } : { validationSplit: key.validationSplit }),
          seed: key.seed,
        }),
      );
      const created: Entry = { key: id, dataset: opening, users: 0, evicted: false };
      // Older datasets make room only once this one opened; one that failed is not kept (the user fixes the folder).
      opening.then(
        () => this.trim(),
        () => {
          this.entries = this.entries.filter((e) => e !== created);
        },
      );
      entry = created;
      this.entries.unshift(entry);
    }
    entry.users++;
    return entry;
  }

  private trim(): void {
    for (const old of this.entries.splice(this.capacity)) {
      old.evicted = true;
      if (old.users === 0) void this.close(old);
    }
  }

  private async close(entry: Entry): Promise<void> {
    try {
      await (await entry.dataset).close();
    } catch {
      // It never opened: nothing to close.
    }
  }
}
