import { memo, useState, type KeyboardEvent } from 'react';
import type { RunRecord } from '../../../src-engine';
import { formatLearningRate } from '../store/model-view';
import { finalEpoch, MAX_RUN_NAME, runName } from '../run-history';
import { runColor } from '../run-overlay';
import { formatDuration, formatPercent } from './format';
import { RunRestoreMenu } from './run-restore-menu';
import { useDashboard, useDashboardActions } from './use-dashboard';

const loss = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toPrecision(4));

const STATE_TEXT: Record<RunRecord['state'], string> = {
  running: 'running',
  completed: 'completed',
  stopped: 'stopped',
  failed: 'failed',
};

function stateTitle(r: RunRecord): string {
  if (r.error) return r.error;
  if (r.stopReason === 'early-stopping') return 'Stopped early: validation loss stopped improving';
  if (r.stopReason === 'cancelled') return 'Stopped by you';
  if (r.stopReason === 'diverged') return 'Diverged: the loss grew without bound';
  return STATE_TEXT[r.state];
}

/** The name cell: click the pencil (or double-click the name) to rename; Enter keeps, Escape cancels. */
function RunName({ run }: { run: RunRecord }) {
  const [draft, setDraft] = useState<string | null>(null);
  const { renameRun } = useDashboardActions();
  const commit = () => {
    if (draft !== null) renameRun(run.id, draft);
    setDraft(null);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') setDraft(null);
  };
  if (draft !== null)
    return (
      <input
        className="run-table__name-input"
        value={draft}
        maxLength={MAX_RUN_NAME}
        autoFocus
        aria-label={`New name for ${runName(run)}`}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKey}
        onBlur={commit}
        data-testid="run-rename-input"
      />
    );
  return (
    <span className="run-table__name">
      <span onDoubleClick={() => setDraft(runName(run))} data-testid="run-name" title="Double-click to rename">
        {runName(run)}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={() => setDraft(runName(run))}
        aria-label={`Rename ${runName(run)}`}
        title="Rename"
        data-testid="run-rename"
      >
        ✎
      </button>
    </span>
  );
}

const RunRow = memo(function RunRow({ run, color, ticked }: { run: RunRecord; color: string; ticked: boolean }) {
  const { toggleRunSelected, deleteRun } = useDashboardActions();
  const last = finalEpoch(run);
  const remove = () => {
    if (window.confirm(`Delete ${runName(run)} from the run table? Its curves leave the project when it is saved.`))
      deleteRun(run.id);
  };
  return (
    <tr className={`run-table__row run-table__row--${run.state}`} data-testid="run-row" data-run-id={run.id}>
      <td>
        <input
          type="checkbox"
          checked={ticked}
          onChange={() => toggleRunSelected(run.id)}
          aria-label={`Overlay ${runName(run)} on the curves`}
          data-testid="run-select"
        />
      </td>
      <td>
        <span className="run-table__swatch" style={{ background: color }} />
      </td>
      <td>
        <RunName run={run} />
      </td>
      <td title={stateTitle(run)}>
        <span className={`run-state run-state--${run.state}`} data-testid="run-state">
          {run.stopReason === 'early-stopping' ? 'early stop' : STATE_TEXT[run.state]}
        </span>
      </td>
      <td className="num mono">
        {run.epochs.length}
        {run.plannedEpochs ? `/${run.plannedEpochs}` : ''}
      </td>
      <td className="num mono">{loss(last?.loss)}</td>
      <td className="num mono">{formatPercent(last?.accuracy)}</td>
      <td className="num mono">{loss(last?.valLoss)}</td>
      <td className="num mono">{formatPercent(last?.valAccuracy)}</td>
      <td className="num mono">{formatDuration(run.durationSeconds)}</td>
      <td>{run.backend ?? '–'}</td>
      <td className="mono">
        {run.optimizer ?? '–'}
        {run.learningRate !== null ? ` ${formatLearningRate(run.learningRate)}` : ''}
        {run.schedule ? ` ${run.schedule}` : ''}
        {run.batchSize !== null ? ` · ${run.batchSize}` : ''}
      </td>
      <td>
        <RunRestoreMenu run={run} />
      </td>
      <td>
        <button
          type="button"
          className="icon-button"
          onClick={remove}
          disabled={run.state === 'running'}
          aria-label={`Delete ${runName(run)}`}
          title={run.state === 'running' ? 'Stop the run first' : 'Delete this run'}
          data-testid="run-delete"
        >
          ×
        </button>
      </td>
    </tr>
  );
});

/** Every run of the project (TensorBoard's run selector): ticked runs are drawn together on the curves. */
export const RunTable = memo(function RunTable() {
  const history = useDashboard((s) => s.history);
  const { toggleAllRuns } = useDashboardActions();
  const all = history.runs.length > 0 && history.selected.length === history.runs.length;
  return (
    <section className="card run-table" aria-label="Runs" data-testid="run-table">
      <header className="card__head">
        <h3>Runs</h3>
        <span className="muted small">
          {history.runs.length === 0
            ? 'Every run is listed here and saved with the project.'
            : 'Tick runs to draw their curves together. Saved with the project.'}
        </span>
      </header>
      {history.runs.length === 0 ? null : (
        <div className="run-table__scroll">
          <table>
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    checked={all}
                    onChange={toggleAllRuns}
                    aria-label="Tick every run"
                    data-testid="run-select-all"
                  />
                </th>
                <th aria-label="Colour" />
                <th>Run</th>
                <th>State</th>
                <th className="num">Epochs</th>
                <th className="num">Loss</th>
                <th className="num">Accuracy</th>
                <th className="num">Val loss</th>
                <th className="num">Val acc.</th>
                <th className="num">Time</th>
                <th>Backend</th>
                <th title="Optimizer, learning rate · batch size">Optimizer</th>
                <th title="Make an epoch of the run (or the weights from before it) the trained model">Restore</th>
                <th aria-label="Delete" />
              </tr>
            </thead>
            <tbody>
              {[...history.runs].reverse().map((r) => (
                <RunRow
                  key={r.id}
                  run={r}
                  color={runColor(history.runs, r.id)}
                  ticked={history.selected.includes(r.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});
