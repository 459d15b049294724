import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../model/settings';
import { epochDivergence } from './divergence-guard';

/** Epoch records from [loss, valAccuracy, valLoss] triples (valLoss defaults to the loss). */
const epochs = (rows: [number, number | null, number?][]): EpochRecord[] =>
  rows.map(([loss, valAccuracy, valLoss], epoch) => ({
    epoch,
    loss,
    accuracy: valAccuracy,
    valLoss: valAccuracy === null ? null : (valLoss ?? loss),
    valAccuracy,
    samplesPerSecond: 100,
  }));

const ln10 = Math.log(10);

describe('epochDivergence', () => {
  it('lets a healthy run go on', () => {
    const healthy = epochs([
      [1.2, 0.7],
      [0.6, 0.85],
      [0.4, 0.9],
      [0.35, 0.91],
      [0.38, 0.9],
    ]);
    for (let n = 1; n <= healthy.length; n++) expect(epochDivergence(healthy.slice(0, n), 10)).toBeNull();
  });

  it('stops a loss that grows past 10× the first epoch without becoming NaN', () => {
    const history = epochs([
      [2.3, 0.2],
      [15, 0.1],
      [40, 0.1],
    ]);
    expect(epochDivergence(history.slice(0, 2), 10)).toBeNull();
    expect(epochDivergence(history, 10)).toMatch(/rose to 40.0 at epoch 3, more than 10× .* 2.30.*lower it/);
  });

  it('stops a loss that rises by a large factor three epochs in a row', () => {
    const history = epochs([
      [1, 0.5],
      [1.6, 0.4],
      [2.5, 0.3],
      [3.9, 0.3],
    ]);
    expect(epochDivergence(history.slice(0, 3), null)).toBeNull();
    expect(epochDivergence(history, null)).toMatch(/rose for 3 epochs in a row \(1.00 → 1.60 → 2.50 → 3.90\)/);
  });

  it('ignores small rises (overfitting noise is not divergence)', () => {
    const history = epochs([
      [0.5, 0.8],
      [0.55, 0.8],
      [0.6, 0.8],
      [0.66, 0.8],
    ]);
    expect(epochDivergence(history, 10)).toBeNull();
  });

  it('stops a model stuck at chance level for 3 epochs after the first', () => {
    const stuck = epochs([
      [2.31, 0.1],
      [ln10, 0.098],
      [2.302, 0.101],
      [2.305, 0.1],
    ]);
    expect(epochDivergence(stuck.slice(0, 3), 10)).toBeNull();
    expect(epochDivergence(stuck, 10)).toMatch(
      /Validation accuracy has stayed at chance level \(10.0 % for 10 classes/,
    );
    expect(epochDivergence(stuck, 10)).toMatch(/check that the labels match/);
    // Without the number of classes there is no chance level to compare with.
    expect(epochDivergence(stuck, null)).toBeNull();
  });

  it('does not call a slow start at chance stalled once accuracy moves', () => {
    const waking = epochs([
      [2.3, 0.1],
      [2.3, 0.1],
      [2.29, 0.11],
      [2.0, 0.3],
    ]);
    expect(epochDivergence(waking, 10)).toBeNull();
  });

  it('uses training accuracy when there is no validation split', () => {
    const stuck = epochs([
      [0.7, null],
      [0.693, null],
      [0.694, null],
      [0.693, null],
    ]).map((h) => ({ ...h, accuracy: 0.5 }));
    expect(epochDivergence(stuck, 2)).toMatch(/^Accuracy has stayed at chance level \(50.0 % for 2 classes/);
  });
});
