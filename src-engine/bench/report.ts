import type { BenchReport, Comparison } from './harness';
import type { DatasetBenchResult } from './dataset-bench';
import type { TimeBox } from './measure';

/** Training at batch 32 must reach this multiple of TF.js wasm; inference must at least match it. */
export const TARGETS = { batchSize: 32, trainRatio: 2, inferRatio: 1 } as const;

export interface FullReport extends BenchReport {
  /** How this report was produced, to re-run it. */
  command: string;
  dataset?: DatasetBenchResult | { notRun: string };
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const warmup = (b: TimeBox) =>
  b.warmupSteps === 0
    ? 'no warm-up'
    : `up to ${plural(b.warmupSteps, 'warm-up step')} excluded (at least one; warm-up ends after ${b.warmupSeconds} s)`;
const ratio = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}×`);

function label(r: FullReport, engine: string | undefined): string {
  return r.results.find((x) => x.engine === engine)?.label ?? engine ?? 'none';
}

function tfjsWasmLabel(r: FullReport): string {
  const wasm = r.results.find((x) => x.engine === 'tfjs-wasm');
  return wasm ? `TF.js wasm (SIMD ${wasm.details.simd ? 'on' : 'off'}, ${wasm.details.threads} threads)` : 'TF.js wasm';
}

function engineLabel(r: FullReport, engine: string, fallback: string): string {
  return engine === 'tfjs-wasm' ? tfjsWasmLabel(r) : fallback;
}

export function targetLines(r: FullReport): string[] {
  const c: Comparison | undefined = r.comparison.find((x) => x.batchSize === TARGETS.batchSize);
  if (!c || c.trainRatio === null || c.inferRatio === null)
    return [
      `Targets at batch ${TARGETS.batchSize}: not evaluated (needs a Filterbank engine and TF.js wasm measured at ` +
        `batch ${TARGETS.batchSize}).`,
    ];
  const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  return [
    `Target: best Filterbank training ≥ ${TARGETS.trainRatio}× TF.js wasm at batch ${TARGETS.batchSize}: ` +
      `${ratio(c.trainRatio)} (${label(r, c.bestTrain?.engine)}) → ${met(c.trainRatio >= TARGETS.trainRatio)}`,
    `Target: best Filterbank inference ≥ TF.js wasm at batch ${TARGETS.batchSize}: ${ratio(c.inferRatio)} (` +
      `${label(r, c.bestInfer?.engine)}) → ${met(c.inferRatio >= TARGETS.inferRatio)}`,
  ];
}

function machineLine(r: FullReport): string {
  const m = r.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return (
    `${m.cpuModel}, ${m.cores} cores, ${fmt(m.totalMemoryMiB / 1024, 1)} GiB, Node ${m.node}, ${m.platform}, ` +
    `${m.date}; load average ${load(m.loadAverage.start)} at start, ${load(m.loadAverage.end)} at end`
  );
}

function datasetLines(r: FullReport): string[] {
  if (!r.dataset) return [];
  if ('notRun' in r.dataset) return [`Dataset benchmark: not run (${r.dataset.notRun}).`];
  const d = r.dataset;
  return [
    `Dataset benchmark: ${fmt(d.files)} generated images (PNG and JPEG, 32×32 RGB), ${d.budgetMiB} MiB ` +
      `decoded-cache budget, ${d.workers} decode workers:`,
    `  first pass ${fmt(d.filesPerSecond)} files/s (${d.openSeconds} s), epoch ${fmt(d.epochFilesPerSecond)} ` +
      `files/s, peak RSS ${fmt(d.peakRssMiB)} MiB, ` +
      `${
        d.cached ? 'all decoded samples cached' : `${fmt(d.cachedSamples)} samples cached, the rest decoded each epoch`
      } (${fmt(d.decodedDatasetMiB)} MiB decoded), ${d.skipped} skipped`,
  ];
}

/** The console report: a table per engine × batch size, what did not run and why, the ratios and targets. */
export function formatText(r: FullReport): string {
  const header = [
    'Engine',
    'Batch',
    'Train samples/s',
    'Infer samples/s',
    'Peak RSS MiB',
    'Train steps',
    'Infer steps',
  ];
  const rows = r.results.map((x) => [
    engineLabel(r, x.engine, x.label),
    String(x.batchSize),
    fmt(x.trainSamplesPerSecond, 1),
    fmt(x.inferSamplesPerSecond, 1),
    fmt(x.peakRssMiB),
    `${x.train.steps} (+${x.train.warmupSteps} warm-up)`,
    `${x.infer.steps} (+${x.infer.warmupSteps} warm-up)`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `${r.model.name} (${fmt(r.model.parameters)} parameters), ${r.model.optimizer} lr ${r.model.learningRate}, ` +
      `${r.model.loss}; ${r.model.data}`,
    `Machine: ${machineLine(r)}`,
    '',
    line(header),
    ...rows.map(line),
  ];
  if (r.notRun.length) out.push('', 'Not measured:', ...r.notRun.map((n) => `  ${n.label}: ${n.reason}`));
  out.push('', 'Best Filterbank ÷ TF.js wasm:');
  for (const c of r.comparison)
    out.push(
      `  batch ${c.batchSize}: training ${ratio(c.trainRatio)} (${label(r, c.bestTrain?.engine)}), inference ` +
        `${ratio(c.inferRatio)} (${label(r, c.bestInfer?.engine)})`,
    );
  out.push(...targetLines(r));
  const dataset = datasetLines(r);
  if (dataset.length) out.push('', ...dataset);
  return out.join('\n');
}

/** The same as Markdown, for src-engine/bench/RESULTS.md and the README. */
export function formatMarkdown(r: FullReport): string {
  const out = [
    `Command: \`${r.command}\``,
    '',
    `Machine: ${machineLine(r)}.`,
    '',
    `Model: ${r.model.name}, ${fmt(r.model.parameters)} parameters; ${r.model.optimizer} (learning rate ` +
      `${r.model.learningRate}), ${r.model.loss}; ${r.model.data}.`,
    `Each engine × batch size ran in a fresh process: ${warmup(r.settings.timeBox)}, then ` +
      `at least ${plural(r.settings.timeBox.minSteps, 'step')} and ${r.settings.timeBox.minSeconds} ` +
      `s, at most ${r.settings.timeBox.maxSeconds} s (always at least one step).`,
    '',
    '| Engine | Batch | Training samples/s | Inference samples/s | Peak RSS (MiB) | Steps measured (train / ' +
      'infer) | Median step ms (train / infer) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.results.map(
      (x) =>
        `| ${engineLabel(r, x.engine, x.label)} | ${x.batchSize} | ${fmt(x.trainSamplesPerSecond, 1)} ` +
        `| ${fmt(x.inferSamplesPerSecond, 1)} | ${fmt(x.peakRssMiB)} | ${x.train.steps} ` +
        `/ ${x.infer.steps} | ${x.train.stepMs.median} / ${x.infer.stepMs.median} |`,
    ),
  ];
  if (r.notRun.length) out.push('', 'Not measured:', '', ...r.notRun.map((n) => `- ${n.label}: ${n.reason}`));
  out.push('', 'Best Filterbank ÷ TF.js wasm:', '');
  for (const c of r.comparison)
    out.push(
      `- batch ${c.batchSize}: training ${ratio(c.trainRatio)} (${label(r, c.bestTrain?.engine)}), inference ` +
        `${ratio(c.inferRatio)} (${label(r, c.bestInfer?.engine)})`,
    );
  out.push('', ...targetLines(r).map((l) => `- ${l}`));
  const dataset = datasetLines(r);
  if (dataset.length) out.push('', ...dataset);
  return out.join('\n');
}
