import { describe, expect, it } from 'vitest';
import { newProject, type EpochRecord } from '../../src-engine';
import { sequential } from '../../src-engine/model/graph';
import { IpcError } from '../../src-shared';
import { bestRecord, CheckpointStore, weightBytes, type StoredWeights } from './checkpoint-store';

const record = (epoch: number, valLoss: number, valAccuracy: number): EpochRecord => ({
  epoch,
  loss: valLoss,
  accuracy: valAccuracy,
  valLoss,
  valAccuracy,
  samplesPerSecond: 1,
});
/** Weights whose one tensor says which epoch they are from, `size` characters long. */
const weights = (tag: string, size = 100): StoredWeights => ({
  dense: { kernel: { shape: [1], data: tag.padEnd(size, '=') } },
});
const tagOf = (w: StoredWeights | null) => w?.dense.kernel.data.replace(/=+$/, '');

const project = () => ({
  ...newProject(sequential('m', [{ className: 'InputLayer', params: { shape: [2, 2, 1] } }])),
  history: [record(0, 1, 0.5), record(1, 0.5, 0.8)],
  classNames: ['a', 'b'],
});

describe('bestRecord', () => {
  it('picks the lowest val_loss or the highest val_accuracy, skipping non-finite values', () => {
    const records = [record(0, 1, 0.5), record(1, 0.4, 0.7), record(2, 0.45, 0.9), record(3, Number.NaN, Number.NaN)];
    expect(bestRecord(records, 'val_loss')?.epoch).toBe(1);
    expect(bestRecord(records, 'val_accuracy')?.epoch).toBe(2);
  });
});

describe('CheckpointStore', () => {
  it('restores any epoch as the run project with those weights and the history up to it', () => {
    const store = new CheckpointStore();
    // A continued run: the project had 2 epochs, the run trained epochs 2..4.
    store.add('r', record(2, 0.3, 0.9), weights('e2'));
    store.add('r', record(3, 5, 0.1), weights('e3'));
    store.add('r', record(4, 9, 0.1), weights('e4'));
    store.setResult('r', { ...project(), weights: weights('final') });
    const { project: restored, epoch } = store.restore('r', { epoch: 3 });
    expect(epoch).toBe(3);
    expect(tagOf(restored.weights)).toBe('e3');
    expect(restored.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    expect(restored.classNames).toEqual(['a', 'b']);
    const best = store.restore('r', { best: 'val_loss' });
    expect([best.epoch, tagOf(best.project.weights)]).toEqual([2, 'e2']);
    expect(store.restore('r', { best: 'val_accuracy' }).epoch).toBe(2);
  });

  it('says which epochs are kept when asked for one that is not, and refuses an unfinished run', () => {
    const store = new CheckpointStore();
    expect(() => store.restore('nope', { epoch: 0 })).toThrow(IpcError);
    store.add('r', record(0, 1, 0.5), weights('e0'));
    expect(() => store.restore('r', { epoch: 0 })).toThrow(/has not finished/);
    store.setResult('r', project());
    expect(() => store.restore('r', { epoch: 7 })).toThrow(/epoch 8 of run r are not kept/);
  });

  it('stays under its memory cap, keeping the best and latest epochs of every run', () => {
    const size = weightBytes(weights('x', 1000));
    const store = new CheckpointStore(size * 5);
    // Run a: best val_loss at epoch 1, best val_accuracy at epoch 2.
    store.add('a', record(0, 1, 0.5), weights('a0', 1000));
    store.add('a', record(1, 0.2, 0.8), weights('a1', 1000));
    store.add('a', record(2, 0.3, 0.9), weights('a2', 1000));
    store.add('a', record(3, 0.5, 0.7), weights('a3', 1000));
    store.add('b', record(0, 1, 0.5), weights('b0', 1000));
    expect(store.totalBytes()).toBeLessThanOrEqual(size * 5);
    expect(store.epochs('a')).toEqual([0, 1, 2, 3]);
    store.add('b', record(1, 0.9, 0.6), weights('b1', 1000));
    // a0 goes first: it is neither best nor latest.
    expect(store.epochs('a')).toEqual([1, 2, 3]);
    store.add('b', record(2, 0.8, 0.7), weights('b2', 1000));
    store.add('b', record(3, 0.7, 0.8), weights('b3', 1000));
    expect(store.totalBytes()).toBeLessThanOrEqual(size * 5);
    expect(store.epochs('a')).toEqual([1, 2, 3]);
    expect(store.epochs('b')).toEqual([2, 3]);
    // Once the best and latest epochs alone pass the cap, the oldest run goes.
    store.add('c', record(0, 0.5, 0.5), weights('c0', 1000));
    expect(store.epochs('b')).toEqual([3]);
    store.add('c', record(1, 0.9, 0.9), weights('c1', 1000));
    expect(store.totalBytes()).toBeLessThanOrEqual(size * 5);
    expect(store.epochs('a')).toEqual([]);
    expect(store.epochs('b')).toEqual([3]);
    expect(store.epochs('c')).toEqual([0, 1]);
  });

  it('keeps the newest run latest weights even when they alone pass the cap', () => {
    const store = new CheckpointStore(10);
    store.add('a', record(0, 1, 0.5), weights('a0', 1000));
    store.add('a', record(1, 2, 0.5), weights('a1', 1000));
    expect(store.epochs('a')).toEqual([1]);
  });
});
