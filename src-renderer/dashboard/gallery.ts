/**
 * The misclassified gallery's words: a tile's caption in parts the tile can elide one by one (class names can be
 * long), the full text for its tooltip, and the buttons that show more tiles.
 */
import type { EvaluationReport } from './payloads';

export type MisclassifiedItem = EvaluationReport['misclassified'][number];

export interface MisclassifiedCaption {
  actual: string;
  predicted: string;
  /** The model's probability for the class it predicted, as "43 %". */
  confidence: string;
  /** Everything, unabridged, with the file: the tile's title. */
  title: string;
}

const className = (names: readonly string[], index: number) => names[index] ?? `class ${index}`;

export function misclassifiedCaption(item: MisclassifiedItem, classNames: readonly string[]): MisclassifiedCaption {
  const actual = className(classNames, item.label);
  const predicted = className(classNames, item.predicted);
  const confidence = `${Math.round((item.probabilities[item.predicted] ?? 0) * 100)} %`;
  return { actual, predicted, confidence, title: `${actual} → ${predicted} (${confidence})\n${item.file}` };
}

export interface MoreButton {
  label: string;
  /** How many tiles are shown after a click. */
  shown: number;
}

/** "Show 5 more" when the rest fits a page; "Show 40 more" and "Show all 200" when it does not. */
export function galleryMoreButtons(shown: number, total: number, page: number): MoreButton[] {
  const hidden = total - shown;
  if (hidden <= 0) return [];
  if (hidden <= page) return [{ label: `Show ${hidden} more`, shown: total }];
  return [
    { label: `Show ${page} more`, shown: shown + page },
    { label: `Show all ${total}`, shown: total },
  ];
}
