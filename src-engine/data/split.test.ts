import { describe, expect, it } from 'vitest';
import { stratifiedSplit, validationCount } from './split';

function dataset(counts: number[]): { labels: Int32Array; names: string[] } {
  const labels = Int32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));
  return { labels, names: Array.from(labels, (c, i) => `class${c}/img${i}.png`) };
}

describe('stratifiedSplit', () => {
  it('holds out round(count × fraction) of every class, at least one, never all', () => {
    const counts = [100, 37, 8, 2, 1];
    const { labels, names } = dataset(counts);
    const s = stratifiedSplit(labels, names, counts.length, 0.2, 42);
    const perClass = counts.map((_, c) => Array.from(s.validation).filter((i) => labels[i] === c).length);
    expect(perClass).toEqual([20, 7, 2, 1, 0]);
    expect(counts.map((n) => validationCount(n, 0.2))).toEqual(perClass);
    expect(s.train.length + s.validation.length).toBe(labels.length);
    expect(new Set([...s.train, ...s.validation]).size).toBe(labels.length);
    expect([...s.validation]).toEqual([...s.validation].sort((a, b) => a - b));
  });

  it('is reproducible from the seed', () => {
    const { labels, names } = dataset([50, 50, 50]);
    const a = stratifiedSplit(labels, names, 3, 0.3, 7);
    expect(stratifiedSplit(labels, names, 3, 0.3, 7)).toEqual(a);
    expect(stratifiedSplit(labels, names, 3, 0.3, 8).validation).not.toEqual(a.validation);
  });

  it('moves at most a boundary sample when a file is added', () => {
    const { labels, names } = dataset([60, 60]);
    const before = stratifiedSplit(labels, names, 2, 0.25, 3);
    const after = stratifiedSplit(Int32Array.from([...labels, 0]), [...names, 'class0/new.png'], 2, 0.25, 3);
    const was = new Set(Array.from(before.validation, (i) => names[i]));
    const now = new Set(Array.from(after.validation, (i) => (i < names.length ? names[i] : 'class0/new.png')));
    const changed =
      [...was].filter((n) => !now.has(n)).length + [...now].filter((n) => !was.has(n) && n !== 'class0/new.png').length;
    expect(changed).toBeLessThanOrEqual(2);
  });

  it('returns no validation set for fraction 0', () => {
    const { labels, names } = dataset([5, 5]);
    expect(stratifiedSplit(labels, names, 2, 0, 1).validation.length).toBe(0);
  });
});
