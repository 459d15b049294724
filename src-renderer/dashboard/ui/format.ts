/** Seconds as 0:42, 12:05 or 1:02:03. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export const formatPercent = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)} %`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Epochs `first` to `last` (1-based) in words: "epoch 3" for one, "epochs 3–5" for several. */
export const epochRangeText = (first: number, last: number): string =>
  last <= first ? `epoch ${first}` : `epochs ${first}–${last}`;

/** The planned learning rates in one line: the first and last epoch's, or just the rate when there is one epoch. */
export const rateRangeText = (rates: readonly number[], format: (rate: number) => string): string =>
  rates.length <= 1
    ? rates.length
      ? `epoch 1: ${format(rates[0])}`
      : ''
    : `epoch 1: ${format(rates[0])} → epoch ${rates.length}: ${format(rates[rates.length - 1])}`;

/** The weights' classes, shortened, when they are not the dataset's (same names in the same order); else null. */
export function classesDiffer(trained: readonly string[] | null, dataset: readonly string[] | null): string | null {
  if (!trained || !dataset || trained.join('\n') === dataset.join('\n')) return null;
  const shown = trained.slice(0, 4).join(', ');
  return trained.length > 4 ? `${shown} and ${trained.length - 4} more` : shown;
}
