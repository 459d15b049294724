import { describe, expect, it } from 'vitest';
import { rowNormalise, topConfusions, topK } from './confusion';

describe('confusion helpers', () => {
  const confusion = [
    [8, 2, 0],
    [1, 3, 0],
    [0, 0, 0],
  ];

  it('row-normalises, leaving empty rows at zero', () => {
    expect(rowNormalise(confusion)).toEqual([
      [0.8, 0.2, 0],
      [0.25, 0.75, 0],
      [0, 0, 0],
    ]);
  });

  it('ranks the top predictions, ties by class index', () => {
    expect(topK([0.1, 0.6, 0.1, 0.2], 3)).toEqual([
      { index: 1, probability: 0.6 },
      { index: 3, probability: 0.2 },
      { index: 0, probability: 0.1 },
    ]);
  });

  it('lists the most frequent mistakes', () => {
    expect(topConfusions(confusion, 5)).toEqual([
      { actual: 0, predicted: 1, count: 2 },
      { actual: 1, predicted: 0, count: 1 },
    ]);
  });
});
