import { describe, expect, it } from 'vitest';
import { formatDuration, formatPercent } from './format';

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
});
