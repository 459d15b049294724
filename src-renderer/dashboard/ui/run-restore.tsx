import { memo, useState } from 'react';
import '../styles/run-restore.css';
import { isActivePhase } from '../store/dashboard-state';
import { heldRunName, lastGoodRun } from '../store/checkpoint-actions';
import { describeLogs } from './run-restore-menu';
import { useDashboard, useDashboardActions } from './use-dashboard';

type Monitor = 'val_loss' | 'val_accuracy';

function MonitorSelect({ monitor, onChange }: { monitor: Monitor; onChange: (m: Monitor) => void }) {
  return (
    <label>
      by{' '}
      <select value={monitor} onChange={(e) => onChange(e.target.value as Monitor)} data-testid="restore-monitor">
        <option value="val_loss">lowest val_loss</option>
        <option value="val_accuracy">highest val_accuracy</option>
      </select>
    </label>
  );
}

/**
 * After a run: make its best epoch (Keras' restore_best_weights, with the monitor the user picks), any epoch, or the
 * weights from before it the trained model. Each restore can be undone by restoring another. After a diverged run,
 * the best epoch of the last good run is offered too (earlier runs' epochs are in the run table's Restore menu).
 */
export const RunRestore = memo(function RunRestore() {
  const checkpoints = useDashboard((s) => s.checkpoints);
  const active = useDashboard((s) => isActivePhase(s.run.phase));
  const { restoreCheckpoint } = useDashboardActions();
  const [monitor, setMonitor] = useState<Monitor>('val_loss');
  const [picked, setPicked] = useState<number | null>(null);
  const good = lastGoodRun(checkpoints);
  const goodName = useDashboard((s) => (good ? heldRunName(s, good.runId) : null));
  if (!checkpoints || active) return null;
  const { epochs, before, busy, restored, error } = checkpoints;
  if (!epochs.length && !before && !good && !restored && !error) return null;
  const last = epochs[epochs.length - 1]?.epoch ?? null;
  const epoch = picked !== null && epochs.some((e) => e.epoch === picked) ? picked : last;
  return (
    <div className="run-restore small" data-testid="run-restore">
      {epochs.length ? (
        <div className="run-restore__row">
          <span>Restore weights:</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => void restoreCheckpoint({ best: monitor })}
            data-testid="restore-best"
          >
            Restore best
          </button>
          <MonitorSelect monitor={monitor} onChange={setMonitor} />
          <span className="muted">or</span>
          <select
            value={epoch ?? ''}
            onChange={(e) => setPicked(Number(e.target.value))}
            aria-label="Epoch to restore"
            data-testid="restore-epoch-select"
          >
            {epochs.map((e) => (
              <option key={e.epoch} value={e.epoch}>
                Epoch {e.epoch + 1}: {describeLogs(e.logs)}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={busy || epoch === null}
            onClick={() => epoch !== null && void restoreCheckpoint({ epoch })}
            data-testid="restore-epoch"
          >
            Restore epoch {epoch !== null ? epoch + 1 : ''}
          </button>
        </div>
      ) : null}
      {good ? (
        <div className="run-restore__row" data-testid="restore-last-good">
          <span>This run diverged:</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => void restoreCheckpoint({ best: monitor }, good.runId)}
            title={`The best epoch of ${goodName ?? 'the last run that did not diverge'}`}
            data-testid="restore-last-good-best"
          >
            Restore best of {goodName}
          </button>
          {epochs.length ? null : <MonitorSelect monitor={monitor} onChange={setMonitor} />}
        </div>
      ) : null}
      {before ? (
        <div className="run-restore__row">
          <button
            type="button"
            disabled={busy}
            onClick={() => void restoreCheckpoint('before')}
            title="Undo this run: the weights the model had when you pressed Start"
            data-testid="restore-before"
          >
            Restore the weights from before this run
          </button>
        </div>
      ) : null}
      {restored ? (
        <div className="muted" data-testid="restore-status">
          The model now holds {restored}; the evaluation below is for these weights.
        </div>
      ) : null}
      {error ? (
        <div className="banner banner--error" role="alert" data-testid="restore-error">
          <b>{error.message}</b>
          {error.hint ? <div>{error.hint}</div> : null}
        </div>
      ) : null}
    </div>
  );
});
