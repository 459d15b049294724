/** uPlot options the curve charts share: scales fitted to the metric, axes and value formats. */
import type uPlot from 'uplot';
import { cssColour } from '../../common/theme';
import { fitAxisRange } from '../axis-range';
import type { Metric } from '../curves';
import type { OverlaySeries } from '../run-overlay';

export type ChartMetric = Metric | 'lr';

export const formatters: Record<ChartMetric, (v: number) => string> = {
  loss: (v) => v.toPrecision(4),
  accuracy: (v) => `${(v * 100).toFixed(1)} %`,
  lr: (v) => v.toPrecision(3),
};

/** Validation points exist once per epoch: between them the legend shows the latest one and its epoch. */
export function latestValue(u: uPlot, seriesIdx: number, idx: number | null, metric: ChartMetric): string {
  if (idx === null || idx === undefined) return '–';
  const ys = u.data[seriesIdx];
  for (let i = Math.min(idx, ys.length - 1); i >= 0; i--) {
    const v = ys[i];
    if (v !== null && v !== undefined)
      return i === idx ? formatters[metric](v) : `${formatters[metric](v)} (epoch ${u.data[0][i]})`;
  }
  return '–';
}

/** Canvas colours follow the theme (read when a chart is built: the charts' keys carry the theme). */
const axisColours = () => ({
  stroke: cssColour('--chart-axis', '#566173'),
  grid: { stroke: cssColour('--chart-grid', '#eef0f4') },
  ticks: { stroke: cssColour('--chart-tick', '#dfe3ea') },
});

export const pointFill = () => cssColour('--chart-point-fill', '#fff');

function yScale(metric: ChartMetric, log: boolean): uPlot.Scale {
  if (log) return { distr: 3, log: 10, range: (_u, min, max) => fitAxisRange(min, max, 'log') };
  if (metric === 'accuracy')
    return {
      range: (_u, min, max) => [Math.max(0, Math.min(min, 0.9) - 0.02), Math.min(1, Math.max(max, 0.1) + 0.02)],
    };
  return { range: (_u, min, max) => fitAxisRange(min, max, 'linear') };
}

const axisLabel = (metric: ChartMetric, log: boolean) =>
  metric === 'accuracy' ? 'accuracy' : metric === 'lr' ? 'learning rate' : log ? 'loss (log)' : 'loss';

export function chartOptions(
  width: number,
  height: number,
  metric: ChartMetric,
  log: boolean,
  series: uPlot.Series[],
): uPlot.Options {
  const axis = axisColours();
  return {
    width,
    height,
    cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
    legend: { live: true },
    scales: { x: { time: false }, y: yScale(metric, log) },
    axes: [
      { label: 'epoch', labelSize: 18, size: 36, ...axis },
      {
        label: axisLabel(metric, log),
        labelSize: 18,
        size: 56,
        ...axis,
        values:
          metric === 'accuracy'
            ? (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`)
            : metric === 'lr'
              ? // uPlot passes null for splits it leaves unlabelled.
                (_u, splits: Array<number | null>) => splits.map((v) => (v === null ? '' : formatters.lr(v)))
              : undefined,
      },
    ],
    series: [{ label: 'epoch', value: (_u, v) => (v === null || v === undefined ? '–' : v.toFixed(2)) }, ...series],
  };
}

/** A run of the overlay: training solid, validation dashed with a dot per epoch, in the run's colour. */
export function overlaySeriesOptions(s: OverlaySeries, metric: ChartMetric): uPlot.Series {
  const sparse = s.kind !== 'train' || metric === 'lr';
  const value = (u: uPlot, v: number | null, seriesIdx: number, idx: number | null) =>
    sparse ? latestValue(u, seriesIdx, idx, metric) : v === null || v === undefined ? '–' : formatters[metric](v);
  if (s.kind === 'validation')
    return {
      label: s.label,
      stroke: s.color,
      width: 1.5,
      dash: [6, 4],
      value,
      spanGaps: true,
      points: { show: true, size: 6, stroke: s.color, fill: pointFill(), width: 2 },
    };
  return { label: s.label, stroke: s.color, width: 2, value, spanGaps: true, points: { show: s.kind === 'lr' } };
}
