/**
 * Stratified train/validation split: each class contributes round(count × fraction) samples (at least one when it
 * has two or more, never all). Within a class, samples are ranked by a seeded hash of their relative path, so the
 * split depends on the seed and the file names only: adding a file moves at most a boundary sample, not the rest.
 */
import { mixSeed } from './rng';

export interface Split {
  /** Sample indices, ascending. */
  train: Int32Array;
  validation: Int32Array;
}

/** FNV-1a over UTF-16 units: a stable 32-bit key for a file name. */
function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function validationCount(count: number, fraction: number): number {
  if (fraction <= 0 || count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
}

export function stratifiedSplit(
  labels: Int32Array,
  names: readonly string[],
  numClasses: number,
  fraction: number,
  seed: number,
): Split {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((c, i) => byClass[c].push(i));
  const isValidation = new Uint8Array(labels.length);
  for (const members of byClass) {
    const keys = new Map(members.map((i) => [i, mixSeed(seed, nameHash(names[i]))]));
    const ranked = [...members].sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    for (const i of ranked.slice(0, validationCount(members.length, fraction))) isValidation[i] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < labels.length; i++) (isValidation[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}
