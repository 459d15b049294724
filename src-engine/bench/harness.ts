/**
 * The benchmark's parent side: lists the engines, writes the digits once, measures each engine × batch size in
 * a fresh child process, and compares the best Filterbank backend with TF.js wasm.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kerasTutorialCnn } from '../model/templates';
import { summarize } from '../model/summary';
import { loadMnistDigits } from '../node/mnist';
import { RESULT_MARKER, type ChildResult, type ChildSpec } from './child';
import { encodeDigitsFile } from './digits-file';
import { listEngines, type EngineEntry } from './engine-catalog';
import { round, type TimeBox } from './measure';
import { BENCH_LOSS, BENCH_OPTIMIZER } from './subject';

export interface BenchOptions {
  /** Engine ids to measure (default: every available one). */
  engines?: readonly string[];
  batchSizes: readonly number[];
  box: TimeBox;
  /** XNNPACK threads for TF.js wasm. */
  tfjsThreads: number;
  onProgress?: (line: string) => void;
}

export interface EngineBatchResult extends ChildResult {
  label: string;
  family: EngineEntry['family'];
  trainSamplesPerSecond: number;
  inferSamplesPerSecond: number;
  peakRssMiB: number;
}

export interface EngineNotRun {
  engine: string;
  label: string;
  /** Unavailable here, or failed while measuring (the child's error). */
  reason: string;
}

export interface Comparison {
  batchSize: number;
  /** The Filterbank engine with the highest training / inference throughput at this batch size. */
  bestTrain: { engine: string; samplesPerSecond: number } | null;
  bestInfer: { engine: string; samplesPerSecond: number } | null;
  tfjsWasm: { trainSamplesPerSecond: number; inferSamplesPerSecond: number } | null;
  /** Best Filterbank ÷ TF.js wasm. */
  trainRatio: number | null;
  inferRatio: number | null;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryMiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1, 5 and 15-minute load averages when the run started and ended (other work on the machine slows every figure). */
  loadAverage: { start: number[]; end: number[] };
}

export interface BenchReport {
  machine: MachineInfo;
  model: { name: string; parameters: number; optimizer: string; learningRate: number; loss: string; data: string };
  settings: { batchSizes: number[]; timeBox: TimeBox; tfjsThreads: number };
  results: EngineBatchResult[];
  notRun: EngineNotRun[];
  comparison: Comparison[];
}

const MiB = 1024 * 1024;

export function machineInfo(): Omit<MachineInfo, 'loadAverage'> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryMiB: Math.round(os.totalmem() / MiB),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** How to start a measuring child: through tsx from the sources, or the bundle itself when bundled. */
function childCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return [here];
  const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
  return [tsxCli, path.join(path.dirname(here), 'index.ts')];
}

function runChildProcess(spec: ChildSpec): Promise<ChildResult> {
  // Two phases, each its time box plus slack for one slow step and the start-up; setTimeout holds at most 2^31 - 1 ms.
  const timeout = Math.min(2 ** 31 - 1, (2 * (spec.box.warmupSeconds + spec.box.maxSeconds) + 900) * 1000);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...childCommand(), '--child', JSON.stringify(spec)],
      { maxBuffer: 64 * MiB, timeout },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
        const parsed = line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult | { error: string }) : null;
        if (parsed && 'error' in parsed) return reject(new Error(parsed.error));
        if (error || !parsed) {
          const why = error?.killed ? `timed out after ${timeout / 1000} s` : (error?.message ?? 'no result line');
          return reject(
            new Error(`${why}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`),
          );
        }
        resolve(parsed);
      },
    );
  });
}

function compare(results: readonly EngineBatchResult[], batchSizes: readonly number[]): Comparison[] {
  return batchSizes.map((batchSize) => {
    const fb = results.filter((r) => r.family === 'filterbank' && r.batchSize === batchSize);
    const best = (key: 'trainSamplesPerSecond' | 'inferSamplesPerSecond') =>
      fb.length ? fb.reduce((a, b) => (b[key] > a[key] ? b : a)) : null;
    const bt = best('trainSamplesPerSecond');
    const bi = best('inferSamplesPerSecond');
    const wasm = results.find((r) => r.engine === 'tfjs-wasm' && r.batchSize === batchSize) ?? null;
    return {
      batchSize,
      bestTrain: bt && { engine: bt.engine, samplesPerSecond: bt.trainSamplesPerSecond },
      bestInfer: bi && { engine: bi.engine, samplesPerSecond: bi.inferSamplesPerSecond },
      tfjsWasm: wasm && {
        trainSamplesPerSecond: wasm.trainSamplesPerSecond,
        inferSamplesPerSecond: wasm.inferSamplesPerSecond,
      },
      trainRatio: bt && wasm ? round(bt.trainSamplesPerSecond / wasm.trainSamplesPerSecond, 2) : null,
      inferRatio: bi && wasm ? round(bi.inferSamplesPerSecond / wasm.inferSamplesPerSecond, 2) : null,
    };
  });
}

export async function runBenchmark(o: BenchOptions): Promise<BenchReport> {
  const progress = o.onProgress ?? (() => {});
  const start = { info: machineInfo(), load: os.loadavg() };
  const catalog = await listEngines();
  const unknown = (o.engines ?? []).filter((id) => !catalog.some((e) => e.id === id));
  if (unknown.length)
    throw new Error(`unknown engine ${unknown.join(', ')}; the engines are ${catalog.map((e) => e.id).join(', ')}`);
  const chosen = o.engines ? catalog.filter((e) => o.engines!.includes(e.id)) : catalog;
  const notRun: EngineNotRun[] = chosen
    .filter((e) => !e.available)
    .map((e) => ({ engine: e.id, label: e.label, reason: e.reason ?? 'unavailable' }));
  const runnable = chosen.filter((e) => e.available);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'filterbank-bench-'));
  const results: EngineBatchResult[] = [];
  try {
    const dataFile = path.join(dir, 'digits.bin');
    await writeFile(dataFile, encodeDigitsFile(loadMnistDigits()));
    const total = runnable.length * o.batchSizes.length;
    let k = 0;
    for (const entry of runnable) {
      for (const batchSize of o.batchSizes) {
        progress(`[${++k}/${total}] ${entry.label}, batch ${batchSize} (load ${os.loadavg()[0].toFixed(2)})…`);
        try {
          const r = await runChildProcess({
            engine: entry.id,
            batchSize,
            box: o.box,
            tfjsThreads: o.tfjsThreads,
            dataFile,
          });
          results.push({
            ...r,
            label: entry.label,
            family: entry.family,
            trainSamplesPerSecond: r.train.samplesPerSecond,
            inferSamplesPerSecond: r.infer.samplesPerSecond,
            peakRssMiB: r.memory.peakRssMiB,
          });
          progress(
            `    train ${r.train.samplesPerSecond} samples/s (${r.train.steps} steps), infer ` +
              `${r.infer.samplesPerSecond} samples/s (${r.infer.steps} steps), peak RSS ${r.memory.peakRssMiB} MiB`,
          );
        } catch (error) {
          const reason = `failed at batch ${batchSize}: ${error instanceof Error ? error.message : String(error)}`;
          notRun.push({ engine: entry.id, label: entry.label, reason });
          progress(`    ${reason}`);
          break;
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const parameters = summarize(kerasTutorialCnn()).totalParams;
  const mismatch = results.filter((r) => r.parameters !== parameters);
  if (mismatch.length)
    throw new Error(
      `engines built a different model: ` +
        `${mismatch.map((r) => `${r.engine} has ${r.parameters} parameters`).join(', ')}; expected ${parameters}`,
    );
  return {
    machine: {
      ...start.info,
      loadAverage: { start: start.load.map((l) => round(l, 2)), end: os.loadavg().map((l) => round(l, 2)) },
    },
    model: {
      name: 'Keras tutorial CNN',
      parameters,
      optimizer: BENCH_OPTIMIZER.name,
      learningRate: BENCH_OPTIMIZER.learningRate,
      loss: BENCH_LOSS,
      data: 'MNIST digits from the mnist package (10,000 real 28×28 digits), pixels / 255, batches in order',
    },
    settings: { batchSizes: [...o.batchSizes], timeBox: o.box, tfjsThreads: o.tfjsThreads },
    results,
    notRun,
    comparison: compare(results, o.batchSizes),
  };
}
