// Undoing a run: the main process keeps each epoch's weights of recent runs (training:checkpoint); restoring one
// makes it the trained model, the same place a finished run's project goes, so the editor takes the weights and the
// evaluation follows. Restoring another epoch, the final one or the weights from before the run undoes a restore.
import type { ProjectFile } from '../../../src-engine';
import { recordOfRun, runName } from '../run-history';
import type { CheckpointsView, DashboardActions, DashboardState, HeldRun, RestoreTarget } from './dashboard-state';
import { errorView, type DashboardKit } from './kit';

type CheckpointActions = Pick<DashboardActions, 'restoreCheckpoint'>;

const METRIC_NAMES = { val_loss: 'lowest val_loss', val_accuracy: 'highest val_accuracy' } as const;

/** The run whose checkpoints `runId` names (the last run when absent), if the window still holds them. */
export function heldRun(s: Pick<DashboardState, 'checkpoints'>, runId?: string): HeldRun | null {
  const c = s.checkpoints;
  if (!c) return null;
  if (c.runId && (runId === undefined || runId === c.runId))
    return { runId: c.runId, before: c.before, epochs: c.epochs, diverged: c.diverged };
  return runId === undefined ? null : (c.earlier.find((r) => r.runId === runId) ?? null);
}

/** After a diverged run: the newest earlier run that did not diverge and has epochs to go back to. */
export function lastGoodRun(c: CheckpointsView | null): HeldRun | null {
  if (!c?.diverged) return null;
  return [...c.earlier].reverse().find((r) => !r.diverged && r.epochs.length > 0) ?? null;
}

/** The run as the run table names it ("run 2", or the user's name for it). */
export function heldRunName(s: Pick<DashboardState, 'history' | 'run' | 'checkpoints'>, runId: string): string {
  const record = recordOfRun(s.history, runId);
  // A failed run is not numbered: the table calls it "failed run".
  if (record) return record.name === null && record.number === null ? 'the failed run' : runName(record);
  return runId === s.checkpoints?.runId ? 'the last run' : 'a run deleted from the table';
}

export function createCheckpointActions(
  { get, set, services }: DashboardKit,
  evaluate: (project: ProjectFile) => Promise<void>,
): CheckpointActions {
  return {
    async restoreCheckpoint(target: RestoreTarget, which?: string) {
      const checkpoints = get().checkpoints;
      const held = heldRun(get(), which);
      if (!checkpoints || !held || checkpoints.busy) return;
      // The last run when the restore began: a run started meanwhile decides the trained model with its own result.
      const lastRunId = checkpoints.runId;
      const { runId } = held;
      const runLabel = heldRunName(get(), runId);
      set({ checkpoints: { ...checkpoints, busy: true, error: null } });
      try {
        let project: ProjectFile;
        let restored: string;
        if (target === 'before') {
          if (!held.before) throw new Error(`The model had no trained weights before ${runLabel}.`);
          project = held.before;
          restored = `the weights from before ${runLabel}`;
        } else {
          const answer = await services.checkpoint({ runId, ...target });
          project = answer.project;
          restored =
            'best' in target
              ? `epoch ${answer.epoch + 1} of ${runLabel} (${METRIC_NAMES[target.best]})`
              : `epoch ${answer.epoch + 1} of ${runLabel}`;
        }
        if (get().checkpoints?.runId !== lastRunId) return;
        set({
          trained: { project, runId, restored },
          checkpoints: { ...get().checkpoints!, busy: false, restored },
        });
        await evaluate(project);
      } catch (error) {
        const now = get().checkpoints;
        if (now?.runId === lastRunId) set({ checkpoints: { ...now, busy: false, error: errorView(error) } });
      }
    },
  };
}
