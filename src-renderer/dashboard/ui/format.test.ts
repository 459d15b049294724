import { describe, expect, it } from 'vitest';
import { classesDiffer, epochRangeText, formatDuration, formatPercent, rateRangeText } from './format';

describe('formatting', () => {
  it('durations', () => {
    expect(formatDuration(42.4)).toBe('0:42');
    expect(formatDuration(725)).toBe('12:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Infinity)).toBe('–');
  });
  it('percentages', () => {
    expect(formatPercent(0.9876)).toBe('98.8 %');
    expect(formatPercent(NaN)).toBe('–');
  });

  it('epoch ranges: one epoch is "epoch 3", never "epochs 3–3"', () => {
    expect(epochRangeText(3, 3)).toBe('epoch 3');
    expect(epochRangeText(3, 5)).toBe('epochs 3–5');
  });

  it('planned rates: just the rate for one epoch, first and last for several', () => {
    const f = (r: number) => String(r);
    expect(rateRangeText([0.001], f)).toBe('epoch 1: 0.001');
    expect(rateRangeText([0.1, 0.05, 0.01], f)).toBe('epoch 1: 0.1 → epoch 3: 0.01');
    expect(rateRangeText([], f)).toBe('');
  });
});

describe('classesDiffer', () => {
  it("names the weights' classes when the dataset's differ, in names or in order; null when they match", () => {
    const digits = ['0', '1', '2'];
    expect(classesDiffer(digits, digits)).toBeNull();
    expect(classesDiffer(['0', '2', '1'], digits)).toBe('0, 2, 1');
    expect(classesDiffer(['a', 'b', 'c', 'd', 'e', 'f'], digits)).toBe('a, b, c, d and 2 more');
    // Unknown on either side: nothing to compare, the run itself checks.
    expect(classesDiffer(null, digits)).toBeNull();
    expect(classesDiffer(digits, null)).toBeNull();
  });
});
