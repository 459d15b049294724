/** Confusion-matrix arithmetic for the evaluation panel (confusion[true][predicted]). */

/** Each row divided by its total (a class's recall on the diagonal); rows without samples stay zero. */
export function rowNormalise(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
}

/** The k most probable classes, most probable first. */
export function topK(probabilities: readonly number[], k: number): Array<{ index: number; probability: number }> {
  return probabilities
    .map((probability, index) => ({ index, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}

/** The most frequent mistakes (true → predicted, off the diagonal), largest first. */
export function topConfusions(
  confusion: readonly (readonly number[])[],
  k: number,
): Array<{ actual: number; predicted: number; count: number }> {
  const out: Array<{ actual: number; predicted: number; count: number }> = [];
  confusion.forEach((row, actual) =>
    row.forEach((count, predicted) => actual !== predicted && count > 0 && out.push({ actual, predicted, count })),
  );
  return out.sort((a, b) => b.count - a.count).slice(0, k);
}
