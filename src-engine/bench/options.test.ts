import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_BOX } from './measure';
import { parseCliOptions, QUICK_TIME_BOX } from './options';

describe('bench command-line options', () => {
  it('defaults to batches 32 and 256, the default time box and the dataset benchmark', () => {
    const o = parseCliOptions([]);
    expect(o).toMatchObject({
      batchSizes: [32, 256],
      box: DEFAULT_TIME_BOX,
      skipDataset: false,
      datasetFiles: 50_000,
      json: false,
    });
    expect(o.tfjsThreads).toBeGreaterThanOrEqual(1);
    expect(o.tfjsThreads).toBeLessThanOrEqual(8);
  });

  it('reads flags, with explicit step counts overriding --quick', () => {
    const o = parseCliOptions([
      '--quick',
      '--min-steps',
      '4',
      '--batch',
      '16,64',
      '--engines',
      'tfjs-wasm, filterbank-reference',
      '--json',
      '--skip-dataset',
      '--tfjs-threads',
      '2',
    ]);
    expect(o).toMatchObject({
      json: true,
      skipDataset: true,
      batchSizes: [16, 64],
      engines: ['tfjs-wasm', 'filterbank-reference'],
      tfjsThreads: 2,
      datasetFiles: 1000,
    });
    expect(o.box).toEqual({ ...QUICK_TIME_BOX, minSteps: 4 });
  });

  it('says what is wrong with bad input', () => {
    expect(() => parseCliOptions(['--batch', '32,x'])).toThrow('--batch needs a whole number ≥ 1, got x');
    expect(() => parseCliOptions(['--frobnicate'])).toThrow(/unknown option --frobnicate; run npm run bench -- --help/);
    expect(() => parseCliOptions(['--tfjs-threads', '16'])).toThrow(/at most 8/);
    expect(() => parseCliOptions(['--min-seconds', '30', '--max-seconds', '10'])).toThrow(/below --min-seconds/);
    expect(() => parseCliOptions(['--json', '--markdown'])).toThrow(/one of --json and --markdown/);
    expect(() => parseCliOptions(['--engines', ''])).toThrow(/--engines needs/);
  });
});
