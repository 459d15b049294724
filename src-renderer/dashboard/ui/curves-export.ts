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
  const legendHeight = LEGEND_ROW * Math.max(1, Math.ceil(legend.length / 4)) + 8;
  const out = document.createElement('canvas');
  out.width = Math.ceil(box.width * scale);
  out.height = Math.ceil((box.height + legendHeight + CAPTION) * scale);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('The browser gave no 2D canvas to draw the PNG on.');
  ctx.scale(scale, scale);
  // The charts are drawn in the page's theme: the PNG takes its background and text colours.
  const text = cssColour('--text', '#1e2430');
  ctx.fillStyle = cssColour('--surface', '#ffffff');
  ctx.fillRect(0, 0, box.width, box.height + legendHeight + CAPTION);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const column = box.width / 4;
  legend.forEach((entry, i) => {
    const x = 8 + (i % 4) * column;
    const y = 8 + Math.floor(i / 4) * LEGEND_ROW + LEGEND_ROW / 2;
    ctx.fillStyle = entry.color;
    ctx.fillRect(x, y - 2, 18, 4);
    ctx.fillStyle = text;
    ctx.fillText(entry.label, x + 24, y, column - 32);
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
