import { describe, expect, it } from 'vitest';
import { eventContract, type EventChannel } from '../../src-shared';
import { WorkerMessage } from './protocol';

// Each worker message becomes one event (the supervisor adds the run id), so both must accept the same values.
const samples = {
  'training:progress': {
    epoch: 0,
    epochs: 3,
    batch: 2,
    batchesPerEpoch: 10,
    loss: 0.5,
    metrics: { accuracy: 0.8 },
    samplesSeen: 96,
  },
  'training:epoch': { epoch: 1, epochs: 3, logs: { loss: 0.4 } },
  'training:featureMaps': {
    epoch: 0,
    batch: 4,
    maps: [{ layer: 'conv_1', kind: 'activation', shape: [2, 2, 1], min: -1, max: 1, values: new Uint8Array(4) }],
  },
  'training:dataset': { phase: 'decoding', done: 5, total: 10 },
  'training:info': {
    backend: 'cpu',
    backendNotes: [],
    datasetPath: '/data/digits',
    classNames: ['0', '1'],
    trainSize: 8,
    validationSize: 2,
    skippedFiles: 0,
    skippedExamples: [],
    epochs: 3,
    batchesPerEpoch: 1,
  },
} satisfies Partial<Record<EventChannel, Record<string, unknown>>>;

const typeOf = (channel: string) => channel.slice('training:'.length);

/** Copies of a sample with one number made negative, zero, fractional or not a number. */
function mutations(sample: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(sample)) {
    if (typeof value === 'number') for (const bad of [-1, 0, 0.5, Number.NaN, '1']) out.push({ ...sample, [key]: bad });
    if (key === 'maps') out.push({ ...sample, maps: [{ ...(value as object[])[0], shape: [-2, 2, 1] }] });
  }
  return out;
}

describe('worker protocol', () => {
  it('accepts and refuses the same values as the contract events it becomes', () => {
    for (const [channel, sample] of Object.entries(samples) as [keyof typeof samples, Record<string, unknown>][]) {
      for (const candidate of [sample, ...mutations(sample)]) {
        const asEvent = eventContract[channel].payload.safeParse({ runId: 'run-1', ...candidate }).success;
        const asMessage = WorkerMessage.safeParse({ type: typeOf(channel), ...candidate }).success;
        expect({ channel, candidate, asMessage }).toEqual({ channel, candidate, asMessage: asEvent });
      }
      expect(WorkerMessage.safeParse({ type: typeOf(channel), ...sample }).success).toBe(true);
    }
  });

  it('carries a result without the run id and an error with its stack', () => {
    const result = { type: 'result', stopReason: 'completed', message: null, project: {}, history: [], backend: 'cpu' };
    expect(WorkerMessage.safeParse(result).success).toBe(true);
    expect(WorkerMessage.safeParse({ ...result, stopReason: 'bored' }).success).toBe(false);
    const failed = { type: 'failed', error: { code: 'x', message: 'broke', hint: null, stack: 'at line 1' } };
    expect(WorkerMessage.safeParse(failed).success).toBe(true);
    expect(WorkerMessage.safeParse({ type: 'failed', error: { code: 'x', message: 'broke' } }).success).toBe(false);
  });
});
