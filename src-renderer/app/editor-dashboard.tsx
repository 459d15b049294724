import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import type { Fix, ProjectFile, DatasetSettings, TrainingSettings } from '../../src-engine';
import type { EditorStore } from '../editor/store/editor-store';
import { syncWeights } from './weights-sync';
import { Dashboard, savedRuns, type DashboardStore, type DashboardTab } from '../dashboard';

export interface EditorDashboardProps {
  editor: EditorStore;
  dashboard: DashboardStore;
  /**
   * Hidden, the dashboard stays mounted (without its panels): a run that finishes meanwhile still reaches the project.
   */
  visible: boolean;
  /** Asks the host to show the dashboard (an image was dropped while the model view was shown). */
  onShow: () => void;
  tab?: DashboardTab;
  onTabChange?: (tab: DashboardTab) => void;
}

const sameGraph = (a: ProjectFile['graph'], b: ProjectFile['graph']) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The dashboard wired to the editor's store: it trains the edited model, Start follows the editor's diagnostics,
 * settings are saved in the project, and a trained model's weights, history and class names go into the project.
 */
export function EditorDashboard({ editor, dashboard, visible, onShow, tab, onTabChange }: EditorDashboardProps) {
  const graph = useStore(editor, (s) => s.doc.graph);
  const canTrain = useStore(editor, (s) => s.canTrain);
  const trainBlockedReason = useStore(editor, (s) => s.trainBlockedReason);
  const documentEpoch = useStore(editor, (s) => s.epoch);

  // A new, opened or restored project brings its own training and dataset settings, and none of the old one's results.
  useEffect(() => {
    const { extras } = editor.getState();
    const { actions } = dashboard.getState();
    actions.projectReplaced();
    actions.loadSettings(extras.training, extras.dataset);
    actions.loadRuns(extras.runs);
  }, [editor, dashboard, documentEpoch]);

  useEffect(() => syncWeights(editor, dashboard), [editor, dashboard]);

  // Runs that ended, renames and deletions go into the project (loading a project's runs resets the count).
  useEffect(
    () =>
      dashboard.subscribe((s, prev) => {
        if (s.history.revision > prev.history.revision) editor.getState().actions.setRuns(savedRuns(s.history));
      }),
    [editor, dashboard],
  );

  const getProject = useCallback(() => editor.getState().actions.projectFile(), [editor]);

  const onTrained = useCallback(
    (project: ProjectFile, restored: string | null) => {
      const { actions, doc } = editor.getState();
      if (!sameGraph(project.graph, doc.graph)) {
        actions.notify(
          'The model was edited while it trained, so the trained weights ' +
            'were not put into it. Train again to train the edited model.',
          'error',
        );
        return;
      }
      actions.setTrainingResult({ weights: project.weights, history: project.history, classNames: project.classNames });
      if (restored) {
        actions.notify(`Restored ${restored}: those weights are in the project. Save it to keep them.`);
        return;
      }
      actions.notify(
        `Training finished: the weights${project.classNames ? ` for ${project.classNames.length} classes` : ''} ` +
          `are in the project. Save it to keep them.`,
      );
    },
    [editor],
  );

  const onSettingsChange = useCallback(
    (training: TrainingSettings, dataset: DatasetSettings | null) => {
      const { actions } = editor.getState();
      actions.setTrainingSettings(training);
      if (dataset) actions.setDatasetSettings(dataset);
    },
    [editor],
  );

  // Model-versus-dataset fixes are the editor's own edits: each can be undone.
  const onFixModel = useCallback(
    (fixes: readonly Fix[]) => {
      const { actions } = editor.getState();
      for (const f of fixes) actions.applyFix(f.edit, f.label);
    },
    [editor],
  );

  return (
    <div className="train-workspace" hidden={!visible} data-testid="train-workspace">
      <Dashboard
        store={dashboard}
        active={visible}
        graph={graph}
        getProject={getProject}
        canTrain={canTrain}
        trainBlockedReason={trainBlockedReason}
        onFixModel={onFixModel}
        onTrained={onTrained}
        onSettingsChange={onSettingsChange}
        onImageDropped={onShow}
        tab={tab}
        onTabChange={onTabChange}
      />
    </div>
  );
}
