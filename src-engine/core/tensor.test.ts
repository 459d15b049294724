import { describe, expect, it } from 'vitest';
import { sizeOf, tensor } from './tensor';

describe('tensor', () => {
  it('counts elements and rejects mismatched data', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(() => tensor([2, 2], [1, 2, 3])).toThrow(/needs 4 values, got 3/);
    expect(Array.from(tensor([2], [1, 2]).values)).toEqual([1, 2]);
  });
});
