/**
 * One measurement in a fresh process: one engine, one batch size, training then inference. Run by the harness
 * (`index.ts --child <spec>`), so that the peak RSS is this engine's alone; only the engine's own modules are
 * imported here (dynamically), so a Filterbank figure does not carry TF.js' code and vice versa.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BackendChoice } from '../backends/selection';
import type { CompiledModel } from '../model/executor';
import { compileModel } from '../model/executor';
import { kerasTutorialCnn } from '../model/templates';
import { RssMonitor, round, timePhase, type PhaseTiming, type TimeBox } from './measure';
import type { BenchSubject } from './subject';
import { readDigitsFile } from './digits-file';

export interface ChildSpec {
  engine: string;
  batchSize: number;
  box: TimeBox;
  tfjsThreads: number;
  /** The digits as written by `writeDigitsFile`. */
  dataFile: string;
}

export interface ChildResult {
  engine: string;
  batchSize: number;
  parameters: number;
  train: PhaseTiming;
  infer: PhaseTiming;
  /** Peak RSS of the whole process (max of getrusage and 10 ms samples), and its parts, MiB. */
  memory: { peakRssMiB: number; sampledPeakRssMiB: number; maxRssMiB: number; baselineRssMiB: number };
  details: Record<string, string | number | boolean>;
  /** 1-minute load average when the measurement started and ended. */
  loadAverage: [number, number];
}

export const RESULT_MARKER = '@@filterbank-bench ';

/** The digits as the model takes them: [n, 28, 28, 1] in [0, 1]. */
function benchData(file: string): { x: Float32Array; labels: Int32Array; count: number } {
  const digits = readDigitsFile(readFileSync(file));
  const x = new Float32Array(digits.images.length);
  for (let i = 0; i < x.length; i++) x[i] = digits.images[i] / 255;
  return { x, labels: digits.labels, count: digits.count };
}

async function createSubject(engine: string, model: CompiledModel, tfjsThreads: number): Promise<BenchSubject> {
  if (engine.startsWith('filterbank-')) {
    const { createFilterbankSubject } = await import('./filterbank-subject');
    return createFilterbankSubject(engine.slice('filterbank-'.length) as BackendChoice, model);
  }
  if (engine === 'tfjs-cpu' || engine === 'tfjs-wasm') {
    const { createTfjsSubject } = await import('./tfjs-subject');
    return createTfjsSubject(engine === 'tfjs-cpu' ? 'cpu' : 'wasm', model, tfjsThreads);
  }
  throw new Error(`unknown engine '${engine}'`);
}

export async function runChild(spec: ChildSpec): Promise<ChildResult> {
  const load0 = os.loadavg()[0];
  const model = compileModel(kerasTutorialCnn());
  const data = benchData(spec.dataFile);
  const per = model.inputShape.reduce((a, b) => a * b, 1);
  const b = spec.batchSize;
  const batches = Math.floor(data.count / b);
  if (batches < 1) throw new Error(`batch size ${b} is larger than the ${data.count} digits`);
  const batchAt = (i: number) => {
    const start = (i % batches) * b;
    return { x: data.x.subarray(start * per, (start + b) * per), labels: data.labels.subarray(start, start + b) };
  };
  const baselineRssMiB = round(process.memoryUsage().rss / 2 ** 20, 1);
  const rss = new RssMonitor();
  const subject = await createSubject(spec.engine, model, spec.tfjsThreads);
  const train = await timePhase(
    (i) => subject.trainStep(batchAt(i)),
    b,
    spec.box,
    subject.settle ? () => subject.settle!() : undefined,
  );
  const infer = await timePhase(
    (i) => {
      const { x } = batchAt(i);
      return subject.predict(x, b);
    },
    b,
    spec.box,
  );
  const memory = { ...rss.stop(), baselineRssMiB };
  subject.dispose();
  return {
    engine: spec.engine,
    batchSize: b,
    parameters: subject.parameters,
    train,
    infer,
    memory,
    details: subject.details,
    loadAverage: [round(load0, 2), round(os.loadavg()[0], 2)],
  };
}

/** The child process' main: prints one result line (or an error line) and exits, ending any worker threads. */
export async function childMain(specJson: string): Promise<never> {
  try {
    const result = await runChild(JSON.parse(specJson) as ChildSpec);
    process.stdout.write(RESULT_MARKER + JSON.stringify(result) + '\n');
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(RESULT_MARKER + JSON.stringify({ error: message }) + '\n');
    if (error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    process.exit(1);
  }
}
