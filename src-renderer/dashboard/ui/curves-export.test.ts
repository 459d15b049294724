import { describe, expect, it } from 'vitest';
import { elideText, layoutLegend } from './curves-export';

const measure = (s: string) => s.length * 7;

describe('the PNG legend', () => {
  it('keeps a long run name whole and readable when the line has room, the next entry beside it', () => {
    const long = 'baseline with an extremely long descriptive run name that keeps going';
    const { entries, height } = layoutLegend([long, 'run 2'], 860, measure);
    expect(entries[0].text).toBe(long);
    expect(entries[1].y).toBe(entries[0].y);
    expect(entries[1].x).toBeGreaterThan(entries[0].x + measure(long));
    expect(height).toBe(30);
  });

  it('wraps entries that do not fit to a new row and elides a name wider than the whole line', () => {
    const huge = 'x'.repeat(200);
    const { entries, height } = layoutLegend(['run 1', huge, 'run 3'], 400, measure);
    expect(entries[1].text.endsWith('…')).toBe(true);
    expect(measure(entries[1].text)).toBeLessThanOrEqual(400 - 16 - 24);
    expect(entries[1].y).toBeGreaterThan(entries[0].y);
    expect(entries[2].y).toBeGreaterThan(entries[1].y);
    expect(height).toBe(3 * 22 + 8);
  });

  it('elides only what does not fit', () => {
    expect(elideText('short', 100, measure)).toBe('short');
    expect(elideText('abcdefghij', 35, measure)).toBe('abcd…');
  });
});
