/**
 * The first pass over a dataset: every candidate file is read, hashed and preprocessed once, in parallel, in a
 * bounded window (memory stays flat however many files there are). Pixels go to the cache while it has room;
 * files past the budget are validated only and decoded again per epoch.
 */
import type { SourceImageInfo } from './decode-image';
import type { DecodePool } from './decode-pool';
import { DatasetError, type SkipReason } from './errors';
import type { ImagePreprocessing } from './preprocessing';
import type { SampleCache } from './sample-cache';
import type { ScannedFile } from './scan';

export type FileOutcome =
  { ok: true; source: SourceImageInfo; hash: string } | { ok: false; reason: SkipReason; message: string };

export interface DatasetProgress {
  phase: 'scanning' | 'decoding';
  done: number;
  total: number;
}

export interface FirstPassOptions {
  onProgress?: (p: DatasetProgress) => void;
  signal?: AbortSignal;
}

const aborted = (): DatasetError =>
  new DatasetError('ABORTED', 'Opening the dataset was cancelled.', 'Open it again to continue.');

export function decodeAllFiles(
  files: ReadonlyArray<Pick<ScannedFile, 'path' | 'notRegular'>>,
  pool: DecodePool,
  preprocessing: ImagePreprocessing,
  cache: SampleCache,
  o: FirstPassOptions = {},
): Promise<FileOutcome[]> {
  const outcomes = new Array<FileOutcome>(files.length);
  // FIFOs, devices and sockets are judged by the scan and never opened.
  const toDecode: number[] = [];
  files.forEach((f, i) => {
    if (f.notRegular)
      outcomes[i] = {
        ok: false,
        reason: 'unreadable',
        message: `a ${f.notRegular}, not a regular file; it was not opened`,
      };
    else toDecode.push(i);
  });
  const window = Math.max(16, pool.size * 8);
  const cacheRoom = Math.min(cache.capacity, toDecode.length);
  let next = 0;
  let inFlight = 0;
  let done = 0;
  let pixelRequests = 0; // outstanding requests that will fill a cache slot
  return new Promise((resolve, reject) => {
    if (toDecode.length === 0) return resolve(outcomes);
    let failed = false;
    const onAbort = (): void => {
      failed = true;
      reject(aborted());
    };
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const launch = (): void => {
      while (!failed && inFlight < window && next < toDecode.length) {
        const i = toDecode[next++];
        const wantPixels = cache.cachedCount + pixelRequests < cacheRoom;
        if (wantPixels) pixelRequests++;
        inFlight++;
        void pool.run({ path: files[i].path, preprocessing, hash: true, pixels: wantPixels }).then((r) => {
          inFlight--;
          if (wantPixels) pixelRequests--;
          if (r.ok) {
            if (r.pixels) cache.put(i, r.pixels);
            outcomes[i] = { ok: true, source: r.source, hash: r.hash ?? '' };
          } else outcomes[i] = { ok: false, reason: r.reason, message: r.message };
          done++;
          o.onProgress?.({ phase: 'decoding', done, total: toDecode.length });
          if (done === toDecode.length) {
            o.signal?.removeEventListener('abort', onAbort);
            resolve(outcomes);
          } else launch();
        });
      }
    };
    launch();
  });
}
