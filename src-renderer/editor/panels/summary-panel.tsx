import { memo, useState } from 'react';
import { formatBytes, formatSummary } from '../../../src-engine';
import { emptySelection } from '../store/editor-state';
import { useActions, useEditor } from '../store/use-editor';
import { countText } from '../common/format';

const shape = (s: (number | null)[] | null) =>
  s ? `(${s.map((d) => d ?? 'None').join(', ')}${s.length === 1 ? ',' : ''})` : '?';

/** Keras' model.summary() as a table (rows select layers) and as the copyable text Keras prints. */
export const SummaryPanel = memo(function SummaryPanel() {
  const summary = useEditor((s) => s.summary);
  const groups = useEditor((s) => s.doc.graph.groups);
  const actions = useActions();
  const [asText, setAsText] = useState(false);
  const functional = summary.style === 'functional';
  const copy = () => {
    void navigator.clipboard?.writeText(formatSummary(summary)).then(
      () => actions.notify('Summary copied as text', 'info'),
      () => actions.notify('The clipboard is not available here; use “Show as text” and copy from there', 'error'),
    );
  };
  const selectRow = (nodeIds: readonly string[], className: string, name: string) => {
    const group = className === 'Sequential' ? groups?.find((g) => g.name === name) : undefined;
    actions.select(group ? { ...emptySelection, groupIds: [group.id] } : { ...emptySelection, nodeIds: [...nodeIds] });
  };
  return (
    <div className="summary" data-testid="summary-panel">
      <div className="summary__bar">
        <span>
          Model: <strong className="mono">"{summary.name}"</strong> <span className="muted">({summary.style})</span>
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => setAsText((v) => !v)} data-testid="summary-toggle-text">
          {asText ? 'Show as table' : 'Show as text'}
        </button>
        <button type="button" onClick={copy} data-testid="summary-copy">
          Copy as text
        </button>
      </div>
      {asText ? (
        <pre className="summary__text mono" data-testid="summary-text">
          {formatSummary(summary)}
        </pre>
      ) : (
        <table className="summary__table">
          <thead>
            <tr>
              <th>Layer (type)</th>
              <th>Output Shape</th>
              <th className="num">Param #</th>
              {functional ? <th>Connected to</th> : null}
            </tr>
          </thead>
          <tbody>
            {summary.rows.map((r) => (
              <tr
                key={`${r.name}-${r.nodeIds[0]}`}
                onClick={() => selectRow(r.nodeIds, r.className, r.name)}
                data-testid={`summary-row-${r.name}`}
              >
                <td className="mono">
                  {r.name} <span className="muted">({r.className})</span>
                </td>
                <td className="mono">{shape(r.outputShape)}</td>
                <td className="mono num">{countText(r.params)}</td>
                {functional ? <td className="mono">{r.connectedTo.join(', ') || '-'}</td> : null}
              </tr>
            ))}
            {summary.rows.length === 0 ? (
              <tr>
                <td colSpan={functional ? 4 : 3} className="muted">
                  No layers yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
      <div className="summary__totals mono">
        <div>
          Total params: <strong data-testid="summary-total-params">{countText(summary.totalParams)}</strong> (
          {formatBytes(summary.totalParams * 4)})
        </div>
        <div>
          Trainable params: <span data-testid="summary-trainable-params">{countText(summary.trainableParams)}</span> (
          {formatBytes(summary.trainableParams * 4)})
        </div>
        <div>
          Non-trainable params:{' '}
          <span data-testid="summary-non-trainable-params">{countText(summary.nonTrainableParams)}</span> (
          {formatBytes(summary.nonTrainableParams * 4)})
        </div>
      </div>
    </div>
  );
});
