// Undoing a run: the main process keeps each epoch's weights of recent runs (training:checkpoint); restoring one
// makes it the trained model, the same place a finished run's project goes, so the editor takes the weights and the
// evaluation follows. Restoring another epoch, the final one or the weights from before the run undoes a restore.
import type { ProjectFile } from '../../../src-engine';
import type { DashboardActions, RestoreTarget } from './dashboard-state';
import { errorView, type DashboardKit } from './kit';

type CheckpointActions = Pick<DashboardActions, 'restoreCheckpoint'>;

const METRIC_NAMES = { val_loss: 'lowest val_loss', val_accuracy: 'highest val_accuracy' } as const;

export function createCheckpointActions(
  { get, set, services }: DashboardKit,
  evaluate: (project: ProjectFile) => Promise<void>,
): CheckpointActions {
  return {
    async restoreCheckpoint(target: RestoreTarget) {
      const checkpoints = get().checkpoints;
      if (!checkpoints?.runId || checkpoints.busy) return;
      const { runId } = checkpoints;
      const runLabel = `run ${get().run.number}`;
      set({ checkpoints: { ...checkpoints, busy: true, error: null } });
      try {
        let project: ProjectFile;
        let restored: string;
        if (target === 'before') {
          if (!checkpoints.before) throw new Error('The model had no trained weights before this run.');
          project = checkpoints.before;
          restored = `the weights from before ${runLabel}`;
        } else {
          const answer = await services.checkpoint({ runId, ...target });
          project = answer.project;
          restored =
            'best' in target
              ? `epoch ${answer.epoch + 1} of ${runLabel} (${METRIC_NAMES[target.best]})`
              : `epoch ${answer.epoch + 1} of ${runLabel}`;
        }
        // A newer run may have started meanwhile: its own result decides the trained model then.
        if (get().checkpoints?.runId !== runId) return;
        set({
          trained: { project, runId, restored },
          checkpoints: { ...get().checkpoints!, busy: false, restored },
        });
        await evaluate(project);
      } catch (error) {
        const now = get().checkpoints;
        if (now?.runId === runId) set({ checkpoints: { ...now, busy: false, error: errorView(error) } });
      }
    },
  };
}
