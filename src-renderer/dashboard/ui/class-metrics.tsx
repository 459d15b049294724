import { memo } from 'react';
import { formatPercent } from './format';

const Bar = ({ value }: { value: number }) => (
  <span className="metric-bar">
    <span style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
  </span>
);

/** Per-class precision (how often a prediction of the class is right) and recall (how much of the class is found). */
export const ClassMetrics = memo(function ClassMetrics({
  classNames,
  precision,
  recall,
  support,
}: {
  classNames: string[];
  precision: number[];
  recall: number[];
  support: number[];
}) {
  return (
    <table className="metrics-table" data-testid="class-metrics">
      <thead>
        <tr>
          <th>Class</th>
          <th title="Of the images predicted as this class, the share that are">Precision</th>
          <th title="Of the images of this class, the share predicted as it">Recall</th>
          <th className="num">Images</th>
        </tr>
      </thead>
      <tbody>
        {classNames.map((c, i) => (
          <tr key={c} className={recall[i] < 0.5 || precision[i] < 0.5 ? 'is-weak' : ''}>
            <td className="mono" title={c}>
              <span className="metrics-table__name">{c}</span>
            </td>
            <td>
              <Bar value={precision[i]} /> <span className="mono">{formatPercent(precision[i])}</span>
            </td>
            <td>
              <Bar value={recall[i]} /> <span className="mono">{formatPercent(recall[i])}</span>
            </td>
            <td className="num mono">{support[i]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
