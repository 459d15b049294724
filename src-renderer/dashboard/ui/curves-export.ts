/**
 * The curves as files: a PNG composed from the charts' canvases (uPlot draws on a canvas; its legend is HTML, so
 * the run names and colours are drawn in a header), and the CSV text. Both are saved through a Blob link, which
 * works in the browser and in Electron alike.
 */
import { cssColour } from '../../common/theme';

export interface LegendEntry {
  label: string;
  color: string;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the bytes once the click's task is done.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadCsv = (csv: string, fileName: string) =>
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName);

const LEGEND_ROW = 22;
const CAPTION = 20;
/** A legend entry's swatch and the gap before its text; the gap after it. */
const SWATCH = 24;
const GAP = 20;

/** `text` cut with an ellipsis to fit `maxWidth` (as measured), whole when it fits. */
export function elideText(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

export interface PlacedLegendEntry {
  text: string;
  x: number;
  /** The row's middle. */
  y: number;
}

/**
 * The PNG legend laid out like text: entries at their natural width, left to right, wrapping to a new row; a name
 * wider than the whole line elides. Returns the entries' places and the legend's height.
 */
export function layoutLegend(
  labels: readonly string[],
  width: number,
  measure: (s: string) => number,
): { entries: PlacedLegendEntry[]; height: number } {
  const left = 8;
  const line = Math.max(40, width - 2 * left);
  let x = left;
  let row = 0;
  const entries = labels.map((label) => {
    const text = elideText(label, line - SWATCH, measure);
    const w = SWATCH + measure(text);
    if (x > left && x + w > left + line) {
      row++;
      x = left;
    }
    const placed = { text, x, y: 8 + row * LEGEND_ROW + LEGEND_ROW / 2 };
    x += w + GAP;
    return placed;
  });
  return { entries, height: labels.length ? (row + 1) * LEGEND_ROW + 8 : 8 };
}

/** Every chart canvas under `container`, at its place on screen, on white, with the legend above. */
export async function chartsPng(container: HTMLElement, legend: readonly LegendEntry[]): Promise<Blob> {
  const box = container.getBoundingClientRect();
  const charts = [...container.querySelectorAll<HTMLElement>('figure')].flatMap((figure) => {
    const canvas = figure.querySelector('canvas');
    if (!canvas) return [];
    const caption = figure.querySelector('figcaption')?.textContent ?? '';
    return [{ canvas, caption, rect: canvas.getBoundingClientRect() }];
  });
  if (charts.length === 0) throw new Error('There is no chart to export yet: train a run or tick runs in the table.');
  const scale = charts[0].canvas.width / Math.max(1, charts[0].rect.width);
  // The image ends below the last chart: the HTML legends and notes under the charts are not drawn.
  const height = Math.max(...charts.map(({ rect }) => rect.bottom - box.top)) + 4;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('The browser gave no 2D canvas to draw the PNG on.');
  ctx.font = '12px system-ui, sans-serif';
  const legendLayout = layoutLegend(
    legend.map((e) => e.label),
    box.width,
    (t) => ctx.measureText(t).width,
  );
  const legendHeight = legendLayout.height;
  out.width = Math.ceil(box.width * scale);
  out.height = Math.ceil((height + legendHeight + CAPTION) * scale);
  ctx.scale(scale, scale);
  // The charts are drawn in the page's theme: the PNG takes its background and text colours.
  const text = cssColour('--text', '#1e2430');
  ctx.fillStyle = cssColour('--surface', '#ffffff');
  ctx.fillRect(0, 0, box.width, height + legendHeight + CAPTION);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  legendLayout.entries.forEach(({ text: label, x, y }, i) => {
    ctx.fillStyle = legend[i].color;
    ctx.fillRect(x, y - 2, 18, 4);
    ctx.fillStyle = text;
    ctx.fillText(label, x + SWATCH, y);
  });
  for (const { canvas, caption, rect } of charts) {
    const x = rect.left - box.left;
    const y = rect.top - box.top + legendHeight + CAPTION;
    ctx.fillStyle = cssColour('--chart-axis', '#566173');
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillText(caption, x + 4, y - CAPTION / 2);
    ctx.drawImage(canvas, x, y, rect.width, rect.height);
  }
  return new Promise((resolve, reject) =>
    out.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))),
      'image/png',
    ),
  );
}
