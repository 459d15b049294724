/**
 * Dataset benchmark: generates a folder of ≥ 50,000 small images (mixed PNG and JPEG, several classes), opens it
 * with a stated decoded-cache budget in a fresh child process, runs one training epoch, and reports measured
 * throughput and memory (RSS sampled every 10 ms, plus the kernel's max RSS of that process).
 *
 *   npx tsx src-engine/bench/dataset-bench.ts [--files 50000] [--budget-mib 64] [--workers N] [--size 32] [--keep]
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { openImageFolderDataset } from '../data/image-folder-dataset';
import { encodePng } from '../data/png-encoder';
import { mixSeed, SeededRandom, shuffledOrder } from '../data/rng';

export interface DatasetBenchOptions {
  files?: number;
  classes?: number;
  /** Side of the square RGB images (and of the model input). */
  size?: number;
  budgetMiB?: number;
  /** Decode workers (default: one per core). */
  workers?: number;
  /** Keep the generated folder (its path is in the result). */
  keep?: boolean;
}

export interface DatasetBenchResult {
  files: number;
  /** Files per second through the first pass (scan, read, hash, decode, preprocess, cache). */
  filesPerSecond: number;
  /** Peak resident set size of the loading process, MiB (max of 10 ms samples and getrusage). */
  peakRssMiB: number;
  budgetMiB: number;
  /** Every decoded sample fits in the budget (otherwise the rest is decoded each epoch). */
  cached: boolean;
  cachedSamples: number;
  decodedDatasetMiB: number;
  /** RSS after loading sharp and before opening, MiB: the process baseline the dataset adds to. */
  baselineRssMiB: number;
  sampledPeakRssMiB: number;
  maxRssMiB: number;
  openSeconds: number;
  epochSeconds: number;
  epochFilesPerSecond: number;
  workers: number;
  skipped: number;
  generateSeconds: number;
  folder?: string;
}

const MiB = 1024 * 1024;

/** Distinct images: a class-specific pattern plus per-file noise. JPEGs are a few hundred encodings made unique
 * by a JPEG comment segment carrying the file number (same pixels, different bytes: no duplicate groups). */
async function generate(dir: string, files: number, classes: number, size: number): Promise<void> {
  const jpegBases: Uint8Array[] = [];
  const image = (seed: number, cls: number): Uint8Array => {
    const rng = new SeededRandom(mixSeed(seed));
    const px = new Uint8Array(size * size * 3);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const o = (y * size + x) * 3;
        const band = ((x + y * (cls + 1)) % (classes + 3)) * 20;
        px[o] = band + rng.int(40);
        px[o + 1] = ((cls * 25) % 200) + rng.int(50);
        px[o + 2] = ((y * 7) % 200) + rng.int(50);
      }
    }
    return px;
  };
  const basesPerClass = 40;
  for (let c = 0; c < classes; c++) {
    await mkdir(path.join(dir, `class-${String(c).padStart(2, '0')}`), { recursive: true });
    for (let k = 0; k < basesPerClass; k++) {
      jpegBases.push(
        await sharp(image(1_000_000 + c * basesPerClass + k, c), { raw: { width: size, height: size, channels: 3 } })
          .jpeg({ quality: 90 })
          .toBuffer(),
      );
    }
  }
  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < files) {
      const i = next++;
      const cls = i % classes;
      const name = path.join(dir, `class-${String(cls).padStart(2, '0')}`, `img-${String(i).padStart(6, '0')}`);
      if (i % 2 === 0) {
        await writeFile(`${name}.png`, encodePng(image(i, cls), size, size, 3));
      } else {
        const base = jpegBases[cls * basesPerClass + (i % basesPerClass)];
        const comment = Buffer.from(`filterbank bench ${i}`);
        const segment = Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]);
        await writeFile(`${name}.jpg`, Buffer.concat([base.subarray(0, 2), segment, comment, base.subarray(2)]));
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
}

/** Runs in the child: open, one epoch, measure. */
async function load(
  dir: string,
  size: number,
  budgetMiB: number,
  workers: number | undefined,
): Promise<Omit<DatasetBenchResult, 'generateSeconds' | 'folder'>> {
  const baseline = process.memoryUsage().rss;
  let sampled = baseline;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const ds = await openImageFolderDataset(dir, {
    preprocessing: { height: size, width: size, channels: 3 },
    memoryBudgetBytes: budgetMiB * MiB,
    workers,
  });
  const openSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let seen = 0;
  for await (const batch of ds.train.batches(shuffledOrder(ds.train.size, 1), 128)) seen += batch.labels.length;
  const epochSeconds = (performance.now() - t1) / 1000;
  const { report } = ds;
  await ds.close();
  clearInterval(timer);
  sampled = Math.max(sampled, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024; // KiB
  const files = report.totals.candidates;
  return {
    files,
    filesPerSecond: Math.round(files / openSeconds),
    peakRssMiB: Math.round(Math.max(sampled, maxRss) / MiB),
    budgetMiB,
    cached: report.memory.mode === 'cached',
    cachedSamples: report.memory.cachedSamples,
    decodedDatasetMiB: Math.round(report.memory.datasetBytes / MiB),
    baselineRssMiB: Math.round(baseline / MiB),
    sampledPeakRssMiB: Math.round(sampled / MiB),
    maxRssMiB: Math.round(maxRss / MiB),
    openSeconds: Math.round(openSeconds * 100) / 100,
    epochSeconds: Math.round(epochSeconds * 100) / 100,
    epochFilesPerSecond: Math.round(seen / epochSeconds),
    workers: report.memory.workers,
    skipped: report.totals.skipped,
  };
}

/** Runs `load` in a fresh process, so its RSS figures are the loader's alone (not the generator's). */
function loadInChild(
  dir: string,
  size: number,
  budgetMiB: number,
  workers: number | undefined,
): Promise<Omit<DatasetBenchResult, 'generateSeconds' | 'folder'>> {
  const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
  const args = [
    tsxCli,
    fileURLToPath(import.meta.url),
    '--load',
    dir,
    '--size',
    String(size),
    '--budget-mib',
    String(budgetMiB),
  ];
  if (workers !== undefined) args.push('--workers', String(workers));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * MiB }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`benchmark child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

export async function runDatasetBench(o: DatasetBenchOptions = {}): Promise<DatasetBenchResult> {
  const files = o.files ?? 50_000;
  const classes = o.classes ?? 10;
  const size = o.size ?? 32;
  const budgetMiB = o.budgetMiB ?? 64;
  const dir = await mkdtemp(path.join(tmpdir(), 'filterbank-dataset-bench-'));
  try {
    const t0 = performance.now();
    await generate(dir, files, classes, size);
    const generateSeconds = Math.round((performance.now() - t0) / 10) / 100;
    const measured = await loadInChild(dir, size, budgetMiB, o.workers);
    return { ...measured, generateSeconds, folder: o.keep ? dir : undefined };
  } finally {
    if (!o.keep) await rm(dir, { recursive: true, force: true });
  }
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (name: string): number | undefined => (flag(name) === undefined ? undefined : Number(flag(name)));
  const loadDir = flag('load');
  const run = loadDir
    ? load(loadDir, num('size') ?? 32, num('budget-mib') ?? 64, num('workers'))
    : runDatasetBench({
        files: num('files'),
        size: num('size'),
        budgetMiB: num('budget-mib'),
        workers: num('workers'),
        keep: process.argv.includes('--keep'),
      });
  run.then(
    (r) => console.log(JSON.stringify(r, null, loadDir ? 0 : 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
