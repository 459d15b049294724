import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface UPlotChartProps {
  /**
   * The chart is rebuilt when this changes (another set of series, linear ↔ log); otherwise only its data is replaced.
   */
  optionsKey: string;
  makeOptions: (width: number, height: number) => uPlot.Options;
  data: uPlot.AlignedData;
  height: number;
  testId: string;
}

/**
 * uPlot in React: one instance per options key, sized to its container, fed with setData. A zoom the user
 * dragged out survives live updates (scales are reset only when not zoomed); double-click returns to the full view.
 * `data-length` on the host is uPlot's own x count, so tests can see that points were drawn.
 */
export function UPlotChart({ optionsKey, makeOptions, data, height, testId }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const zoomed = useRef(false);
  const latest = useRef({ data, makeOptions });

  useEffect(() => {
    latest.current = { data, makeOptions };
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const base = latest.current.makeOptions(Math.max(200, el.clientWidth), height);
    const options: uPlot.Options = {
      ...base,
      hooks: {
        ...base.hooks,
        setSelect: [
          ...(base.hooks?.setSelect ?? []),
          (u) => {
            if (u.select.width > 0) zoomed.current = true;
          },
        ],
      },
    };
    const u = new uPlot(options, latest.current.data, el);
    chart.current = u;
    // Long run names elide in the legend (CSS); the title keeps them whole.
    for (const label of u.root.querySelectorAll<HTMLElement>('.u-legend .u-label'))
      label.title = label.textContent ?? '';
    zoomed.current = false;
    el.dataset.length = String(u.data[0].length);
    const unzoom = () => (zoomed.current = false);
    u.over.addEventListener('dblclick', unzoom);
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, el.clientWidth);
      if (Math.abs(width - u.width) > 1) u.setSize({ width, height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('dblclick', unzoom);
      u.destroy();
      chart.current = null;
    };
  }, [optionsKey, height]);

  useEffect(() => {
    const u = chart.current;
    if (!u || u.data === data) return;
    u.setData(data, !zoomed.current);
    if (host.current) host.current.dataset.length = String(u.data[0].length);
  }, [data]);

  return <div ref={host} className="chart" data-testid={testId} />;
}
