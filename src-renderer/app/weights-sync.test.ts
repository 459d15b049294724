import { describe, expect, it } from 'vitest';
import { createRng } from '../../src-engine/core/rng';
import { compileModel } from '../../src-engine/model/executor';
import { encodeWeights } from '../../src-engine/model/project-file';
import { initialWeights } from '../../src-engine/train/weights';
import { createDashboardStore } from '../dashboard/store/dashboard-store';
import { createFakeServices } from '../dashboard/store/fake-services';
import { createEditorStore } from '../editor/store/editor-store';
import { syncWeights } from './weights-sync';

function setup() {
  const editor = createEditorStore();
  const dashboard = createDashboardStore(createFakeServices(), { schedule: (flush) => flush() });
  const stop = syncWeights(editor, dashboard);
  const { actions } = editor.getState();
  actions.newFromTemplate('keras-tutorial-cnn');
  const weights = encodeWeights(initialWeights(compileModel(editor.getState().doc.graph), createRng(1)));
  actions.setTrainingResult({ weights, history: [], classNames: ['a', 'b'] });
  return { editor, dashboard, stop };
}

describe('syncWeights', () => {
  it("tells the dashboard which layers an edit left untrained, and undo's return", () => {
    const { editor, dashboard } = setup();
    expect(dashboard.getState().weights).toMatchObject({ trained: true, untrained: [] });
    const dense = editor.getState().doc.graph.nodes.find((n) => n.name === 'dense')!.id;
    editor.getState().actions.setParams(dense, { units: 32 });
    expect(dashboard.getState().weights.untrained).toEqual(['dense', 'dense_1']);
    editor.getState().actions.undo();
    expect(dashboard.getState().weights.untrained).toEqual([]);
  });

  it("the Training tab's Reset weights drops the editor's weights and says so", () => {
    const { editor, dashboard } = setup();
    dashboard.getState().actions.resetWeights();
    expect(editor.getState().extras.weights).toBeNull();
    expect(editor.getState().notice).toMatchObject({ kind: 'info', text: expect.stringMatching(/fresh weights/) });
    expect(dashboard.getState().weights).toMatchObject({ trained: false, untrained: [] });
  });

  it("the model inspector's reset forgets the dashboard's last trained project; stop() ends the sync", () => {
    const { editor, dashboard, stop } = setup();
    dashboard.setState({ trained: { project: editor.getState().actions.projectFile(), runId: 'run-1' } });
    editor.getState().actions.resetWeights();
    expect(dashboard.getState().trained).toBeNull();
    stop();
    editor.getState().actions.setTrainingResult({ weights: {}, history: [] });
    expect(dashboard.getState().weights.trained).toBe(false);
  });
});
