import { memo, useState } from 'react';
import { useTheme } from '../../common/theme';
import { heatCell } from '../colormap';
import { rowNormalise } from '../confusion';

/** The confusion matrix as a heat-mapped table: rows are the true classes, columns the predictions. */
export const ConfusionMatrix = memo(function ConfusionMatrix({
  classNames,
  confusion,
}: {
  classNames: string[];
  confusion: number[][];
}) {
  const [mode, setMode] = useState<'counts' | 'rows'>('counts');
  const { theme } = useTheme();
  const normalised = rowNormalise(confusion);
  const totals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  return (
    <div className="confusion" data-testid="confusion-matrix">
      <div className="segmented" role="radiogroup" aria-label="Confusion matrix values">
        <button
          type="button"
          role="radio"
          aria-checked={mode === 'counts'}
          className={mode === 'counts' ? 'is-on' : ''}
          onClick={() => setMode('counts')}
        >
          Counts
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={mode === 'rows'}
          className={mode === 'rows' ? 'is-on' : ''}
          onClick={() => setMode('rows')}
          data-testid="confusion-normalised"
        >
          Row %
        </button>
      </div>
      <div className="confusion__scroll">
        <table className="confusion__table">
          <thead>
            <tr>
              <th className="confusion__corner">
                <span>true ↓</span>
                <span>predicted →</span>
              </th>
              {classNames.map((c) => (
                <th key={c} className="mono confusion__col" scope="col" title={c}>
                  <span className="confusion__name">{c}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => (
              <tr key={classNames[t]}>
                <th scope="row" className="mono confusion__row" title={classNames[t]}>
                  <span className="confusion__name">{classNames[t]}</span>
                </th>
                {row.map((count, p) => {
                  const fraction = normalised[t][p];
                  const style = heatCell(fraction, theme);
                  return (
                    <td
                      key={p}
                      className={`mono${t === p ? ' confusion__diag' : ''}${count === 0 ? ' confusion__zero' : ''}`}
                      style={style}
                      title={
                        `true ${classNames[t]}, predicted ${classNames[p]}: ${count} of ${totals[t]} (` +
                        `${(fraction * 100).toFixed(1)} %)`
                      }
                    >
                      {mode === 'counts' ? count : fraction === 0 ? '·' : `${Math.round(fraction * 100)}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
});
