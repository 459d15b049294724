import { memo } from 'react';
import { useStore } from 'zustand';
import { activeRunBadge } from '../store/dashboard-state';
import type { DashboardStore } from '../store/dashboard-store';

export type WorkspaceView = 'model' | 'train';

/** Model ↔ Train in the toolbar; the Train side shows a running run's progress. */
export const ViewSwitch = memo(function ViewSwitch({
  view,
  onChange,
  dashboard,
}: {
  view: WorkspaceView;
  onChange: (view: WorkspaceView) => void;
  dashboard: DashboardStore;
}) {
  const running = useStore(dashboard, (s) => activeRunBadge(s.run));
  return (
    <div className="view-switch" role="tablist" aria-label="Workspace">
      <button
        type="button"
        role="tab"
        aria-selected={view === 'model'}
        className={view === 'model' ? 'is-on' : ''}
        onClick={() => onChange('model')}
        data-testid="view-model"
        title="Design the model (node graph)"
      >
        Model
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={view === 'train'}
        className={view === 'train' ? 'is-on' : ''}
        onClick={() => onChange('train')}
        data-testid="view-train"
        title="Data, training, feature maps and evaluation"
      >
        Train
        {running ? <span className="view-switch__badge">{running}</span> : null}
      </button>
    </div>
  );
});
