import { memo } from 'react';
import '../styles/run-restore.css';
import type { RunRecord } from '../../../src-engine';
import { runIdOfRecord, runName } from '../run-history';
import { heldRun } from '../store/checkpoint-actions';
import { isActivePhase, type RestoreTarget } from '../store/dashboard-state';
import { formatPercent } from './format';
import { useDashboard, useDashboardActions } from './use-dashboard';

/** An epoch's Keras logs in a few words ("val_acc 96.1 %, val_loss 0.132"). */
export const describeLogs = (logs: Record<string, number>): string => {
  const parts: string[] = [];
  if ('val_accuracy' in logs) parts.push(`val_acc ${formatPercent(logs.val_accuracy)}`);
  else if ('accuracy' in logs) parts.push(`acc ${formatPercent(logs.accuracy)}`);
  if ('val_loss' in logs) parts.push(`val_loss ${logs.val_loss.toPrecision(3)}`);
  else if ('loss' in logs) parts.push(`loss ${logs.loss.toPrecision(3)}`);
  return parts.join(', ');
};

const NOT_KEPT =
  "Epoch weights live only in this session's memory: runs from a saved project or an earlier session, runs from " +
  'before the model was replaced, and runs that ended before their first epoch cannot be restored.';

function parseTarget(value: string): RestoreTarget | null {
  if (value === 'before') return 'before';
  if (value === 'best:val_loss' || value === 'best:val_accuracy')
    return { best: value.slice(5) as 'val_loss' | 'val_accuracy' };
  const epoch = /^epoch:(\d+)$/.exec(value);
  return epoch ? { epoch: Number(epoch[1]) } : null;
}

/** The run table's Restore cell: the run's best epoch, any epoch, or the weights from before it, while held. */
export const RunRestoreMenu = memo(function RunRestoreMenu({ run }: { run: RunRecord }) {
  const checkpoints = useDashboard((s) => s.checkpoints);
  const active = useDashboard((s) => isActivePhase(s.run.phase));
  const { restoreCheckpoint } = useDashboardActions();
  if (run.state === 'running')
    return (
      <span className="muted" title="Its epochs can be restored once it ends">
        –
      </span>
    );
  const held = heldRun({ checkpoints }, runIdOfRecord(run.id));
  if (!held || (!held.epochs.length && !held.before))
    return (
      <span className="muted" title={NOT_KEPT} data-testid="run-restore-none">
        not kept
      </span>
    );
  const name = runName(run);
  return (
    <select
      className="run-table__restore"
      value=""
      disabled={active || checkpoints?.busy}
      title={active ? 'Restore once the current run ends' : `Make weights of ${name} the trained model`}
      aria-label={`Restore the weights of ${name}`}
      onChange={(e) => {
        const target = parseTarget(e.target.value);
        if (target) void restoreCheckpoint(target, held.runId);
      }}
      data-testid="run-restore-select"
    >
      <option value="">Restore…</option>
      {held.epochs.length ? (
        <>
          <option value="best:val_loss">Best epoch (lowest val_loss)</option>
          <option value="best:val_accuracy">Best epoch (highest val_accuracy)</option>
          {held.epochs.map((e) => (
            <option key={e.epoch} value={`epoch:${e.epoch}`}>
              Epoch {e.epoch + 1}: {describeLogs(e.logs)}
            </option>
          ))}
        </>
      ) : null}
      {held.before ? <option value="before">The weights from before this run</option> : null}
    </select>
  );
});
