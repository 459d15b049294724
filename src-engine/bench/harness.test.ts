import { describe, expect, it } from 'vitest';
import { listEngines } from './engine-catalog';
import { runBenchmark } from './harness';
import type { TimeBox } from './measure';
import { formatMarkdown, formatText, type FullReport } from './report';
import { encodeDigitsFile, readDigitsFile } from './digits-file';

/** Exactly one warm-up and two measured steps however slow the machine is (no time limits take effect). */
const TWO_STEPS: TimeBox = { warmupSteps: 1, warmupSeconds: 3600, minSteps: 2, minSeconds: 0, maxSeconds: 3600 };

describe('benchmark harness (quick mode: checks the shape of the results, not the speed)', () => {
  it('lists every Filterbank backend, runnable or with the reason it is not, and the TF.js baselines', async () => {
    const engines = await listEngines();
    const ids = engines.map((e) => e.id);
    for (const id of [
      'filterbank-webgpu',
      'filterbank-headlessgl',
      'filterbank-webasm',
      'filterbank-cpu',
      'filterbank-reference',
      'tfjs-cpu',
      'tfjs-wasm',
    ])
      expect(ids).toContain(id);
    for (const e of engines) if (!e.available) expect(e.reason).toMatch(/\w/);
    expect(engines.find((e) => e.id === 'filterbank-reference')?.available).toBe(true);
  });

  it('round-trips the digits file', () => {
    const digits = {
      images: Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256),
      labels: Int32Array.from([7, 3]),
      count: 2,
    };
    expect(readDigitsFile(encodeDigitsFile(digits))).toEqual(digits);
    expect(() => readDigitsFile(encodeDigitsFile(digits).subarray(0, 100))).toThrow(/expected/);
  });

  it('measures the reference engine and TF.js cpu in child processes and reports well-formed results', async () => {
    const batchSize = 4;
    const report = await runBenchmark({
      engines: ['filterbank-reference', 'tfjs-cpu'],
      batchSizes: [batchSize],
      box: TWO_STEPS,
      tfjsThreads: 1,
    });
    expect(report.notRun).toEqual([]);
    expect(report.results.map((r) => r.engine)).toEqual(['filterbank-reference', 'tfjs-cpu']);
    expect(report.model.parameters).toBe(107_706);
    for (const r of report.results) {
      expect(r.parameters).toBe(107_706);
      expect(r.batchSize).toBe(batchSize);
      for (const phase of [r.train, r.infer]) {
        expect(phase.warmupSteps).toBe(1);
        expect(phase.steps).toBe(2);
        expect(phase.samples).toBe(phase.steps * batchSize);
        expect(phase.samplesPerSecond).toBeGreaterThan(0);
        // seconds is reported rounded, so compare relatively: a fast step of a few ms shifts the ratio by a little.
        expect(Math.abs(phase.samplesPerSecond - phase.samples / phase.seconds) / phase.samplesPerSecond).toBeLessThan(
          0.05,
        );
        expect(phase.stepMs.min).toBeLessThanOrEqual(phase.stepMs.median);
        expect(phase.stepMs.median).toBeLessThanOrEqual(phase.stepMs.max);
      }
      expect(r.trainSamplesPerSecond).toBe(r.train.samplesPerSecond);
      expect(r.inferSamplesPerSecond).toBe(r.infer.samplesPerSecond);
      expect(r.memory.baselineRssMiB).toBeGreaterThan(0);
      expect(r.peakRssMiB).toBeGreaterThanOrEqual(r.memory.baselineRssMiB);
      expect(r.peakRssMiB).toBe(Math.max(r.memory.sampledPeakRssMiB, r.memory.maxRssMiB));
      expect(r.loadAverage).toHaveLength(2);
    }
    expect(report.results[1].details).toMatchObject({ backend: 'cpu', tfjs: '4.22.0' });
    expect(report.comparison).toEqual([
      {
        batchSize,
        bestTrain: { engine: 'filterbank-reference', samplesPerSecond: report.results[0].trainSamplesPerSecond },
        bestInfer: { engine: 'filterbank-reference', samplesPerSecond: report.results[0].inferSamplesPerSecond },
        tfjsWasm: null,
        trainRatio: null,
        inferRatio: null,
      },
    ]);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.loadAverage.start).toHaveLength(3);

    const full: FullReport = { ...report, command: 'npm run bench -- --quick', dataset: { notRun: 'test' } };
    expect(JSON.parse(JSON.stringify(full))).toEqual(full);
    const text = formatText(full);
    expect(text).toMatch(/Filterbank reference\s+4\s/);
    expect(text).toMatch(/TF\.js cpu\s+4\s/);
    expect(text).toContain('Targets at batch 32: not evaluated');
    const md = formatMarkdown(full);
    expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Engine'))).toHaveLength(2);
  }, 600_000);

  it('rejects an unknown engine id with the list of known ones', async () => {
    await expect(
      runBenchmark({ engines: ['tfjs-webgl'], batchSizes: [4], box: TWO_STEPS, tfjsThreads: 1 }),
    ).rejects.toThrow(/unknown engine tfjs-webgl; the engines are .*filterbank-reference/);
  });
});
