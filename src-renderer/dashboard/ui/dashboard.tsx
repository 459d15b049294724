import { memo, useEffect, useEffectEvent, useMemo, useState, type ReactNode } from 'react';
import type { Fix, ModelGraph, ProjectFile, DatasetSettings, TrainingSettings } from '../../../src-engine';
import '../styles/dashboard.css';
import '../styles/forms.css';
import { activeRunBadge } from '../store/dashboard-state';
import type { DashboardStore } from '../store/dashboard-store';
import { datasetSettings, isImageInput } from '../store/model-view';
import { DatasetPanel } from './dataset-panel';
import { EvaluationPanel } from './evaluation-panel';
import { FeatureMapsPanel } from './feature-maps-panel';
import { ModelFitContext } from './model-fit';
import { formatPercent } from './format';
import { TrainingPanel } from './training-panel';
import { DashboardStoreContext, useDashboard } from './use-dashboard';
import { useImageDrop } from './use-image-drop';

export type DashboardTab = 'data' | 'train' | 'maps' | 'evaluate';

export interface DashboardProps {
  store: DashboardStore;
  /** The graph being edited: its InputLayer sets the image size, its conv and pool layers get feature maps. */
  graph: ModelGraph | null;
  /** The project as it would be saved; sent with training:start, and evaluated when it has weights. */
  getProject: () => ProjectFile;
  /** The editor's verdict: Start is disabled with this reason while the model has errors. */
  canTrain: boolean;
  trainBlockedReason: string | null;
  /** Applies model-versus-dataset fixes to the edited model (undoable); without it they are shown but not offered. */
  onFixModel?: (fixes: readonly Fix[]) => void;
  /**
   * A run finished with usable weights: the project with weights, history, class names and settings. `restored` says
   * which weights when they came from restoring an epoch (or the weights from before the run) instead.
   */
  onTrained: (project: ProjectFile, restored: string | null) => void;
  /** The user changed training or dataset settings (dataset null while the model input is not an image). */
  onSettingsChange?: (training: TrainingSettings, dataset: DatasetSettings | null) => void;
  /**
   * False while the host shows something else: the panels are not rendered (nothing is loaded, no backend probed)
   * but runs keep reporting to the host and dropped images are still taken. Default true.
   */
  active?: boolean;
  /** An image file was dropped onto the window (the host may bring the dashboard into view). */
  onImageDropped?: () => void;
  /** Controlled tab, when the host wants to switch it (e.g. from a toolbar button). */
  tab?: DashboardTab;
  onTabChange?: (tab: DashboardTab) => void;
}

/** Makes the dashboard store available to panels and to FeatureMapThumbnail in the editor's nodes. */
export function DashboardProvider({ store, children }: { store: DashboardStore; children: ReactNode }) {
  return <DashboardStoreContext.Provider value={store}>{children}</DashboardStoreContext.Provider>;
}

const TABS: Array<{ id: DashboardTab; label: string }> = [
  { id: 'data', label: 'Data' },
  { id: 'train', label: 'Training' },
  { id: 'maps', label: 'Feature maps' },
  { id: 'evaluate', label: 'Evaluation' },
];

const TabBadge = memo(function TabBadge({ tab }: { tab: DashboardTab }) {
  const badge = useDashboard((s) => {
    if (tab === 'data') return s.report.value ? `${s.report.value.report.classes.length} classes` : null;
    if (tab === 'train') return activeRunBadge(s.run) ?? (s.divergence ? 'diverged' : null);
    if (tab === 'evaluate')
      return s.evaluation.value
        ? formatPercent(s.evaluation.value.accuracy, 1)
        : s.evaluation.status === 'loading'
          ? '…'
          : null;
    return null;
  });
  const warn = useDashboard(
    (s) =>
      (tab === 'train' && s.divergence !== null) ||
      (tab === 'data' && s.report.value?.report.imbalance.warning === true),
  );
  return badge ? <span className={`db-tab__badge${warn ? ' db-tab__badge--warn' : ''}`}>{badge}</span> : null;
});

/**
 * The training dashboard: dataset, training with live curves, feature maps and evaluation, in tabs. Self-contained:
 * the host gives it the store, the edited graph and project, and the editor's verdict, and takes back trained projects.
 */
export function Dashboard(props: DashboardProps) {
  const { store, graph, getProject, active = true } = props;
  const [ownTab, setOwnTab] = useState<DashboardTab>('data');
  const tab = props.tab ?? ownTab;
  const setTab = (t: DashboardTab) => {
    setOwnTab(t);
    props.onTabChange?.(t);
  };

  useEffect(() => store.getState().actions.setModel(graph), [store, graph]);
  const fixModel = props.onFixModel ?? null;
  const modelFit = useMemo(() => ({ graph, applyFixes: fixModel }), [graph, fixModel]);
  useEffect(() => {
    if (active && store.getState().backends.status === 'idle') void store.getState().actions.loadBackends();
  }, [store, active]);

  const trained = useEffectEvent((project: ProjectFile, restored: string | null) => props.onTrained(project, restored));
  const settingsChanged = useEffectEvent((training: TrainingSettings, dataset: DatasetSettings | null) =>
    props.onSettingsChange?.(training, dataset),
  );
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.trained && s.trained !== prev.trained) trained(s.trained.project, s.trained.restored ?? null);
        // Only the user's edits: settings loaded from a project are already in it.
        if (s.settingsRevision !== prev.settingsRevision)
          settingsChanged(s.training, isImageInput(s.model.input) ? datasetSettings(s.dataset, s.model.input) : null);
      }),
    [store],
  );

  // A dropped image is pinned for the feature maps and, once there is a trained model, predicted.
  const onImageFile = (file: File) => {
    void file.arrayBuffer().then((buffer) => {
      const data = new Uint8Array(buffer);
      const { actions, trained: done } = store.getState();
      const project = getProject();
      actions.pinImage(file.name, data, file.type || null);
      props.onImageDropped?.();
      if (project.weights || done) {
        void actions.predict({ kind: 'bytes', name: file.name, data }, project);
        setTab('evaluate');
      } else setTab('maps');
    });
  };
  const dragging = useImageDrop(onImageFile);

  return (
    <DashboardProvider store={store}>
      <ModelFitContext.Provider value={modelFit}>
        <section className="dashboard" data-testid="dashboard" hidden={!active}>
          <nav className="db-tabs" role="tablist">
            {TABS.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                aria-selected={tab === t.id}
                className={`db-tab${tab === t.id ? ' db-tab--active' : ''}`}
                onClick={() => setTab(t.id)}
                data-testid={`dashboard-tab-${t.id}`}
              >
                {t.label}
                <TabBadge tab={t.id} />
              </button>
            ))}
          </nav>
          {active ? (
            // Keyed by tab: each tab opens at its top, not at the previous tab's scroll position.
            <div className="db-body" role="tabpanel" key={tab}>
              {tab === 'data' ? <DatasetPanel /> : null}
              {tab === 'train' ? (
                <TrainingPanel
                  canTrain={props.canTrain}
                  trainBlockedReason={props.trainBlockedReason}
                  getProject={getProject}
                />
              ) : null}
              {tab === 'maps' ? <FeatureMapsPanel /> : null}
              {tab === 'evaluate' ? <EvaluationPanel getProject={getProject} onImageFile={onImageFile} /> : null}
            </div>
          ) : null}
          {dragging ? (
            <div className="drop-overlay" data-testid="drop-overlay">
              <div>Drop the image to predict it and pin it for the feature maps</div>
            </div>
          ) : null}
        </section>
      </ModelFitContext.Provider>
    </DashboardProvider>
  );
}
