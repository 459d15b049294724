// The editor owns the project's weights, the dashboard shows them: which layers an edit left untrained (the
// evaluation and prediction banners, the Training tab's Weights card), and its Reset weights asks the editor.
import type { DashboardStore } from '../dashboard';
import type { EditorStore } from '../editor/store/editor-store';

/** Keeps the dashboard's view of the weights in step with the editor; returns the unsubscriber. */
export function syncWeights(editor: EditorStore, dashboard: DashboardStore): () => void {
  const push = () => {
    const s = editor.getState();
    dashboard.getState().actions.setWeightsStatus(s.extras.weights !== null, s.untrainedLayers);
  };
  push();
  const offEditor = editor.subscribe((s, prev) => {
    if (s.extras.weights === prev.extras.weights && s.untrainedLayers === prev.untrainedLayers) return;
    // Reset from the model inspector: the last run's results belong to the weights just dropped.
    if (prev.extras.weights && !s.extras.weights && s.epoch === prev.epoch)
      dashboard.getState().actions.projectReplaced();
    push();
  });
  const offDashboard = dashboard.subscribe((s, prev) => {
    if (s.weights.resetRevision > prev.weights.resetRevision) editor.getState().actions.resetWeights();
  });
  return () => {
    offEditor();
    offDashboard();
  };
}
