/** The charts of runs from the run table: the ticked runs overlaid, and the learning rate of runs that log it. */
import { memo, useCallback, useMemo } from 'react';
import { useTheme } from '../../common/theme';
import { positiveOnly, type Metric } from '../curves';
import { selectedRuns } from '../run-history';
import { learningRateData, overlayData, withLiveBatch } from '../run-overlay';
import { chartOptions, overlaySeriesOptions } from './chart-options';
import { useMetricChart } from './use-metric-chart';
import { useDashboard } from './use-dashboard';
import { UPlotChart } from './uplot-chart';

export const CHART_HEIGHT = 280;
export const caption = (metric: Metric) => (metric === 'loss' ? 'Loss' : 'Accuracy');
export const runCount = (n: number) => `${n} run${n === 1 ? '' : 's'}`;

/** The runs ticked in the run table, one colour each. */
export const OverlayChart = memo(function OverlayChart({ metric, log }: { metric: Metric; log: boolean }) {
  const history = useDashboard((s) => s.history);
  const current = useDashboard((s) => s.curves.current);
  const { series, data } = useMemo(
    () => overlayData(history.runs, withLiveBatch(selectedRuns(history), history.live?.id ?? null, current), metric),
    [history, current, metric],
  );
  const shown = useMemo(() => (log ? positiveOnly(data) : data), [data, log]);
  const { key, makeOptions } = useMetricChart(
    series,
    metric,
    log,
    overlaySeriesOptions,
    `overlay|${series.map((s) => `${s.label}:${s.color}`).join('|')}`,
  );
  return (
    <figure
      className="curve"
      data-testid={`curve-${metric}`}
      data-overlay="true"
      data-series={series.length}
      data-runs={new Set(series.map((s) => s.runId)).size}
    >
      <figcaption>{`${caption(metric)}: ${runCount(selectedRuns(history).length)}`}</figcaption>
      <UPlotChart
        optionsKey={key}
        makeOptions={makeOptions}
        data={shown}
        height={CHART_HEIGHT}
        testId={`chart-${metric}`}
      />
    </figure>
  );
});

/** The learning rate per epoch, for runs whose rate changed (schedules); nothing otherwise. */
export const LearningRateChart = memo(function LearningRateChart({ overlay }: { overlay: boolean }) {
  const history = useDashboard((s) => s.history);
  const { series, data } = useMemo(() => {
    const live = history.runs.find((r) => r.id === history.live?.id);
    return learningRateData(history.runs, overlay ? selectedRuns(history) : live ? [live] : []);
  }, [history, overlay]);
  const { theme } = useTheme();
  const key = `${theme}|lr|${series.map((s) => `${s.label}:${s.color}`).join('|')}`;
  const makeOptions = useCallback(
    (width: number, height: number) => {
      const options = chartOptions(
        width,
        height,
        'lr',
        true,
        series.map((s) => overlaySeriesOptions(s, 'lr')),
      );
      // Rates such as 0.000125 need a wider axis than losses.
      const [x, y] = options.axes ?? [];
      return { ...options, axes: [x, { ...y, size: 72 }] };
    },
    [series],
  );
  if (series.length === 0) return null;
  return (
    <figure className="curve curve--small" data-testid="curve-lr" data-series={series.length}>
      <figcaption>Learning rate</figcaption>
      <UPlotChart optionsKey={key} makeOptions={makeOptions} data={data} height={120} testId="chart-lr" />
    </figure>
  );
});
