import { memo, useState } from 'react';
import { formatBytes, formatShapeWithBatch, formatSummary, type SummaryRow } from '../../../src-engine';
import { emptySelection } from '../store/editor-state';
import { useActions, useEditor } from '../store/use-editor';
import { countText } from '../common/format';

/** The rows drawn: Keras' top-level rows, and under each opened block its own rows, one level deeper. */
function visibleRows(rows: readonly SummaryRow[], open: ReadonlySet<string>, depth = 0): [SummaryRow, number][] {
  return rows.flatMap((r): [SummaryRow, number][] => [
    [r, depth],
    ...(r.groupId && r.children && open.has(r.groupId) ? visibleRows(r.children, open, depth + 1) : []),
  ]);
}

/** Keras' model.summary() as a table (rows select layers) and as the copyable text Keras prints. */
export const SummaryPanel = memo(function SummaryPanel() {
  const summary = useEditor((s) => s.summary);
  const actions = useActions();
  const [asText, setAsText] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (groupId: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(groupId)) next.add(groupId);
      return next;
    });
  const functional = summary.style === 'functional';
  const copy = () => {
    void navigator.clipboard?.writeText(formatSummary(summary)).then(
      () => actions.notify('Summary copied as text', 'info'),
      () => actions.notify('The clipboard is not available here; use “Show as text” and copy from there', 'error'),
    );
  };
  const selectRow = (r: SummaryRow) =>
    actions.select(
      r.groupId ? { ...emptySelection, groupIds: [r.groupId] } : { ...emptySelection, nodeIds: r.nodeIds },
    );
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
            {visibleRows(summary.rows, open).map(([r, depth]) => (
              <tr
                key={`${r.name}-${r.nodeIds[0]}`}
                onClick={() => selectRow(r)}
                data-testid={`summary-row-${r.name}`}
                data-depth={depth}
                className={depth > 0 ? 'summary__nested' : undefined}
              >
                <td className="mono" style={depth > 0 ? { paddingLeft: `${12 + 20 * depth}px` } : undefined}>
                  {r.groupId && r.children ? (
                    <button
                      type="button"
                      className="summary__expand"
                      aria-expanded={open.has(r.groupId)}
                      aria-label={`${open.has(r.groupId) ? 'Hide' : 'Show'} the rows inside ${r.name}`}
                      data-testid={`summary-expand-${r.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(r.groupId as string);
                      }}
                    >
                      {open.has(r.groupId) ? '▾' : '▸'}
                    </button>
                  ) : null}
                  {r.name} <span className="muted">({r.className})</span>
                </td>
                <td className="mono">{formatShapeWithBatch(r.outputShape)}</td>
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
