import { useCallback } from 'react';
import type uPlot from 'uplot';
import { useTheme } from '../../common/theme';
import type { Metric } from '../curves';
import { chartOptions } from './chart-options';

/**
 * A loss or accuracy chart's options and the key that rebuilds them: the theme (canvas colours), the metric, the
 * scale and what tells the series apart (`seriesKey`). `toSeries` must be stable (a module function).
 */
export function useMetricChart<S>(
  series: readonly S[],
  metric: Metric,
  log: boolean,
  toSeries: (s: S, metric: Metric) => uPlot.Series,
  seriesKey: string,
): { key: string; makeOptions: (width: number, height: number) => uPlot.Options } {
  const { theme } = useTheme();
  const makeOptions = useCallback(
    (width: number, height: number) =>
      chartOptions(
        width,
        height,
        metric,
        log,
        series.map((s) => toSeries(s, metric)),
      ),
    [series, log, metric, toSeries],
  );
  return { key: `${theme}|${metric}|${log}|${seriesKey}`, makeOptions };
}
