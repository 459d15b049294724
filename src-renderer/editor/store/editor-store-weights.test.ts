// Editing a trained model: the project keeps the weights of layers whose shapes still fit, drops the rest, and
// Reset weights drops them all.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src-engine/core/rng';
import { compileModel } from '../../../src-engine/model/executor';
import { encodeWeights } from '../../../src-engine/model/project-file';
import { initialWeights } from '../../../src-engine/train/weights';
import { createEditorStore, type EditorStore } from './editor-store';

function trainedTutorial(): EditorStore {
  const store = createEditorStore();
  const { actions } = store.getState();
  actions.newFromTemplate('keras-tutorial-cnn');
  const weights = encodeWeights(initialWeights(compileModel(store.getState().doc.graph), createRng(1)));
  actions.setTrainingResult({ weights, history: [], classNames: ['a', 'b'] });
  return store;
}
const dense = (store: EditorStore) => store.getState().doc.graph.nodes.find((n) => n.name === 'dense')!.id;
const weightIds = (store: EditorStore) => Object.keys(store.getState().actions.projectFile().weights ?? {});

describe('editor store: editing a trained model', () => {
  it("keeps the weights of layers a Dense's units do not change, drops the rest, and undo brings them back", () => {
    const store = trainedTutorial();
    expect(weightIds(store)).toEqual(['n1', 'n3', 'n6', 'n7']);
    store.getState().actions.setParams(dense(store), { units: 32 });
    expect(weightIds(store)).toEqual(['n1', 'n3']);
    expect(store.getState().untrainedLayers).toEqual(['dense', 'dense_1']);
    store.getState().actions.undo();
    expect(weightIds(store)).toEqual(['n1', 'n3', 'n6', 'n7']);
    expect(store.getState().untrainedLayers).toEqual([]);
  });

  it('saves only the weights that fit the saved model', () => {
    const store = trainedTutorial();
    store.getState().actions.setParams(dense(store), { units: 32 });
    expect(Object.keys(JSON.parse(store.getState().actions.projectText()).weights)).toEqual(['n1', 'n3']);
  });

  it('resetWeights drops every trained weight; an untrained model lists no untrained layers', () => {
    const store = trainedTutorial();
    store.getState().actions.resetWeights();
    expect(store.getState().actions.projectFile().weights).toBeNull();
    expect(store.getState().untrainedLayers).toEqual([]);
    expect(store.getState().dirty).toBe(true);
  });
});
