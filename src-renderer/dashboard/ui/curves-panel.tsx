import { memo, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { chartData, pointCount, positiveOnly, type ChartSeries, type Metric } from '../curves';
import { exportedRuns, historyCsv, runName, selectedRuns } from '../run-history';
import { curvesLabel, runColor } from '../run-overlay';
import { formatters, latestValue, pointFill } from './chart-options';
import { chartsPng, downloadBlob, downloadCsv, type LegendEntry } from './curves-export';
import { useDashboard, useDashboardActions } from './use-dashboard';
import { CHART_HEIGHT, caption, LearningRateChart, OverlayChart, runCount } from './overlay-charts';
import { UPlotChart } from './uplot-chart';
import { useMetricChart } from './use-metric-chart';

const COLORS = {
  current: '#3563e9',
  currentFaint: 'rgba(53, 99, 233, 0.28)',
  validation: '#e8590c',
  previous: '#98a2b3',
};

function seriesOptions(s: ChartSeries, metric: Metric): uPlot.Series {
  const sparse = s.role === 'validation' || s.role === 'previous-validation';
  const value = (u: uPlot, v: number | null, seriesIdx: number, idx: number | null) =>
    sparse ? latestValue(u, seriesIdx, idx, metric) : v === null || v === undefined ? '–' : formatters[metric](v);
  const dot = (stroke: string) => ({ show: true, size: 7, stroke, fill: pointFill(), width: 2 });
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

/** The live run, its raw and smoothed batches and validation, and the previous run dimmed. */
const MetricChart = memo(function MetricChart({ metric, log }: { metric: Metric; log: boolean }) {
  const current = useDashboard((s) => s.curves.current);
  const previous = useDashboard((s) => s.curves.previous);
  const { series, data } = useMemo(() => chartData(current, previous, metric), [current, previous, metric]);
  const shown = useMemo(() => (log ? positiveOnly(data) : data), [data, log]);
  const { key, makeOptions } = useMetricChart(series, metric, log, seriesOptions, series.map((s) => s.label).join('|'));
  return (
    <figure
      className="curve"
      data-testid={`curve-${metric}`}
      data-points={pointCount(current)}
      data-series={series.length}
    >
      <figcaption>{caption(metric)}</figcaption>
      {series.length === 0 ? (
        <div className="curve__empty muted">The curves appear as soon as training starts.</div>
      ) : (
        <UPlotChart
          optionsKey={key}
          makeOptions={makeOptions}
          data={shown}
          height={CHART_HEIGHT}
          testId={`chart-${metric}`}
        />
      )}
    </figure>
  );
});

/** What the PNG's header says: the runs overlaid, or the live run's lines. */
function legendOf(state: ReturnType<typeof useLegendSource>): LegendEntry[] {
  const { overlay, history, current, previous } = state;
  if (overlay)
    return [
      ...selectedRuns(history).map((r) => ({ label: runName(r), color: runColor(history.runs, r.id) })),
      { label: 'solid: training · dashed: validation', color: 'transparent' },
    ];
  return [
    ...(current ? [{ label: `${current} (smoothed)`, color: COLORS.current }] : []),
    ...(current ? [{ label: `${current} validation`, color: COLORS.validation }] : []),
    ...(previous ? [{ label: `${previous} (previous)`, color: COLORS.previous }] : []),
  ];
}

function useLegendSource() {
  const history = useDashboard((s) => s.history);
  const current = useDashboard((s) => curvesLabel(s.history.runs, s.curves.current));
  const previous = useDashboard((s) => curvesLabel(s.history.runs, s.curves.previous));
  return { overlay: history.selected.length > 0, history, current, previous };
}

/**
 * Loss and accuracy: while training runs, batches (raw and smoothed), validation per epoch and the previous run
 * dimmed; with runs ticked in the run table, those runs overlaid instead. Exported as PNG or CSV.
 */
export const CurvesPanel = memo(function CurvesPanel() {
  const [log, setLog] = useState(true);
  const [exportError, setExportError] = useState<string | null>(null);
  const charts = useRef<HTMLDivElement>(null);
  const smoothing = useDashboard((s) => s.curves.smoothing);
  const source = useLegendSource();
  const { overlay, history, current, previous } = source;
  const { setSmoothing, clearRunSelection } = useDashboardActions();
  const csvRuns = exportedRuns(history);
  const exportPng = () => {
    setExportError(null);
    if (!charts.current) return;
    chartsPng(charts.current, legendOf(source)).then(
      (blob) => downloadBlob(blob, 'filterbank-curves.png'),
      (error: unknown) => setExportError(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <section className="card curves" aria-label="Training curves">
      <header className="card__head">
        <h3>Curves</h3>
        <span className="muted curves__runs" data-testid="curves-runs">
          {overlay ? (
            <>
              {`${runCount(history.selected.length)} ticked in the run table`}
              <button type="button" className="link" onClick={clearRunSelection} data-testid="curves-show-live">
                show the live run
              </button>
            </>
          ) : (
            <>
              {current ? <span className="swatch swatch--current" /> : null}
              {current}
              {previous ? (
                <>
                  <span className="swatch swatch--previous" />
                  {previous} (dimmed)
                </>
              ) : null}
            </>
          )}
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
        {overlay ? null : (
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
        )}
        <button
          type="button"
          onClick={exportPng}
          disabled={!overlay && !current}
          title="Save the charts as a PNG image"
          data-testid="curves-export-png"
        >
          PNG
        </button>
        <button
          type="button"
          onClick={() => downloadCsv(historyCsv(csvRuns), 'filterbank-runs.csv')}
          disabled={csvRuns.length === 0}
          title={
            history.selected.length
              ? 'Save the ticked runs, one row per epoch, as CSV'
              : 'Save every run, one row per epoch, as CSV'
          }
          data-testid="curves-export-csv"
        >
          CSV
        </button>
      </header>
      {exportError ? <p className="text-error small">{exportError}</p> : null}
      <div ref={charts}>
        <div className="curves__charts">
          {overlay ? <OverlayChart metric="loss" log={log} /> : <MetricChart metric="loss" log={log} />}
          {overlay ? <OverlayChart metric="accuracy" log={false} /> : <MetricChart metric="accuracy" log={false} />}
        </div>
        <LearningRateChart overlay={overlay} />
      </div>
      <p className="muted small">
        Drag across a chart to zoom in, double-click to zoom out; hover for values. Validation points are at the end of
        each epoch. Tick runs in the run table to compare them here.
      </p>
    </section>
  );
});
