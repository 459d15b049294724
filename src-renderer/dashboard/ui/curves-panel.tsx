import { memo, useCallback, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { fitAxisRange } from '../axis-range';
import { chartData, pointCount, positiveOnly, type ChartSeries, type Metric } from '../curves';
import { useDashboard, useDashboardActions } from './use-dashboard';
import { UPlotChart } from './uplot-chart';

const COLORS = {
  current: '#3563e9',
  currentFaint: 'rgba(53, 99, 233, 0.28)',
  validation: '#e8590c',
  previous: '#98a2b3',
};

const formatters: Record<Metric, (v: number) => string> = {
  loss: (v) => v.toPrecision(4),
  accuracy: (v) => `${(v * 100).toFixed(1)} %`,
};

/** Validation points exist once per epoch: between them the legend shows the latest one and its epoch. */
function latestValue(u: uPlot, seriesIdx: number, idx: number | null, metric: Metric): string {
  if (idx === null || idx === undefined) return '–';
  const ys = u.data[seriesIdx];
  for (let i = Math.min(idx, ys.length - 1); i >= 0; i--) {
    const v = ys[i];
    if (v !== null && v !== undefined)
      return i === idx ? formatters[metric](v) : `${formatters[metric](v)} (epoch ${u.data[0][i]})`;
  }
  return '–';
}

function seriesOptions(s: ChartSeries, metric: Metric): uPlot.Series {
  const sparse = s.role === 'validation' || s.role === 'previous-validation';
  const value = (u: uPlot, v: number | null, seriesIdx: number, idx: number | null) =>
    sparse ? latestValue(u, seriesIdx, idx, metric) : v === null || v === undefined ? '–' : formatters[metric](v);
  const dot = (stroke: string) => ({ show: true, size: 7, stroke, fill: '#fff', width: 2 });
  switch (s.role) {
    case 'raw':
      return { label: s.label, stroke: COLORS.currentFaint, width: 1, value, points: { show: false } };
    case 'smooth':
      return { label: s.label, stroke: COLORS.current, width: 2, value, points: { show: false } };
    case 'validation':
      return {
        label: s.label,
        stroke: COLORS.validation,
        width: 2,
        value,
        spanGaps: true,
        points: dot(COLORS.validation),
      };
    case 'previous-smooth':
      return { label: s.label, stroke: COLORS.previous, width: 1.5, dash: [6, 4], value, points: { show: false } };
    case 'previous-validation':
      return {
        label: s.label,
        stroke: COLORS.previous,
        width: 1.5,
        dash: [2, 3],
        value,
        spanGaps: true,
        points: dot(COLORS.previous),
      };
  }
}

const MetricChart = memo(function MetricChart({ metric, log }: { metric: Metric; log: boolean }) {
  const current = useDashboard((s) => s.curves.current);
  const previous = useDashboard((s) => s.curves.previous);
  const { series, data } = useMemo(() => chartData(current, previous, metric), [current, previous, metric]);
  const shown = useMemo(() => (log ? positiveOnly(data) : data), [data, log]);
  const key = `${metric}|${log}|${series.map((s) => s.label).join('|')}`;
  const makeOptions = useCallback(
    (width: number, height: number): uPlot.Options => ({
      width,
      height,
      cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
      legend: { live: true },
      scales: {
        x: { time: false },
        y: log
          ? { distr: 3, log: 10, range: (_u, min, max) => fitAxisRange(min, max, 'log') }
          : metric === 'accuracy'
            ? {
                range: (_u, min, max) => [
                  Math.max(0, Math.min(min, 0.9) - 0.02),
                  Math.min(1, Math.max(max, 0.1) + 0.02),
                ],
              }
            : { range: (_u, min, max) => fitAxisRange(min, max, 'linear') },
      },
      axes: [
        {
          label: 'epoch',
          labelSize: 18,
          size: 36,
          stroke: '#566173',
          grid: { stroke: '#eef0f4' },
          ticks: { stroke: '#dfe3ea' },
        },
        {
          label: metric === 'loss' ? (log ? 'loss (log)' : 'loss') : 'accuracy',
          labelSize: 18,
          size: 56,
          stroke: '#566173',
          grid: { stroke: '#eef0f4' },
          ticks: { stroke: '#dfe3ea' },
          values: metric === 'accuracy' ? (_u, splits) => splits.map((v) => `${Math.round(v * 100)}%`) : undefined,
        },
      ],
      series: [
        { label: 'epoch', value: (_u, v) => (v === null || v === undefined ? '–' : v.toFixed(2)) },
        ...series.map((s) => seriesOptions(s, metric)),
      ],
    }),
    [series, log, metric],
  );
  const points = pointCount(current);
  return (
    <figure className="curve" data-testid={`curve-${metric}`} data-points={points}>
      <figcaption>{metric === 'loss' ? 'Loss' : 'Accuracy'}</figcaption>
      {series.length === 0 ? (
        <div className="curve__empty muted">The curves appear as soon as training starts.</div>
      ) : (
        <UPlotChart optionsKey={key} makeOptions={makeOptions} data={shown} height={250} testId={`chart-${metric}`} />
      )}
    </figure>
  );
});

/** Loss and accuracy while training runs: batches (raw and smoothed), validation per epoch, the previous run dimmed. */
export const CurvesPanel = memo(function CurvesPanel() {
  const [log, setLog] = useState(true);
  const smoothing = useDashboard((s) => s.curves.smoothing);
  const previousLabel = useDashboard((s) => s.curves.previous?.label ?? null);
  const currentLabel = useDashboard((s) => s.curves.current?.label ?? null);
  const { setSmoothing } = useDashboardActions();
  return (
    <section className="card curves" aria-label="Training curves">
      <header className="card__head">
        <h3>Curves</h3>
        <span className="muted curves__runs">
          {currentLabel ? <span className="swatch swatch--current" /> : null}
          {currentLabel}
          {previousLabel ? (
            <>
              <span className="swatch swatch--previous" />
              {previousLabel} (dimmed)
            </>
          ) : null}
        </span>
        <label className="inline-field">
          <input
            type="checkbox"
            checked={log}
            onChange={(e) => setLog(e.target.checked)}
            data-testid="loss-log-scale"
          />{' '}
          log loss
        </label>
        <label
          className="inline-field"
          title="Exponential moving average of the batch values (TensorBoard's smoothing)"
        >
          smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
          <span className="mono">{smoothing.toFixed(2)}</span>
        </label>
      </header>
      <div className="curves__charts">
        <MetricChart metric="loss" log={log} />
        <MetricChart metric="accuracy" log={false} />
      </div>
      <p className="muted small">
        Drag across a chart to zoom in, double-click to zoom out; hover for values. Validation points are at the end of
        each epoch.
      </p>
    </section>
  );
});
