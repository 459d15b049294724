import { describe, expect, it } from 'vitest';
import { createEditorStore, type EditorStore } from './editor-store';
import { NODE_WIDTH } from './auto-layout';
import { edgeIdOf } from './editor-state';

const byName = (store: EditorStore, name: string) => {
  const n = store.getState().doc.graph.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no layer ${name}`);
  return n;
};
const names = (store: EditorStore) => store.getState().doc.graph.nodes.map((n) => n.name);
const shapeOf = (store: EditorStore, name: string) =>
  store.getState().inference.nodes.get(byName(store, name).id)?.outputShape;
const wiring = (store: EditorStore) =>
  Object.fromEntries(
    store
      .getState()
      .doc.graph.nodes.map((n) => [
        n.name,
        n.inputs.map((i) => store.getState().doc.graph.nodes.find((x) => x.id === i)?.name),
      ]),
  );

/** The Keras tutorial CNN built the way a person builds it in the UI: palette clicks and parameter edits. */
function buildTutorialCnn(store: EditorStore) {
  const { actions } = store.getState();
  const input = actions.appendLayer('InputLayer');
  actions.setParams(input, { shape: [28, 28, 1] });
  const c1 = actions.appendLayer('Conv2D');
  actions.setParams(c1, { filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' });
  actions.appendLayer('MaxPooling2D');
  const c2 = actions.appendLayer('Conv2D');
  actions.setParams(c2, { filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' });
  actions.appendLayer('MaxPooling2D');
  actions.appendLayer('Flatten');
  const d1 = actions.appendLayer('Dense');
  actions.setParams(d1, { units: 64, activation: 'relu' });
  const d2 = actions.appendLayer('Dense');
  actions.setParams(d2, { units: 10, activation: 'softmax' });
}

describe('editor store: building a model', () => {
  it('builds the Keras tutorial CNN from palette clicks and reads 107,706 parameters', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const s = store.getState();
    expect(names(store)).toEqual([
      'input_layer',
      'conv2d',
      'max_pooling2d',
      'conv2d_1',
      'max_pooling2d_1',
      'flatten',
      'dense',
      'dense_1',
    ]);
    expect(s.summary.totalParams).toBe(107_706);
    expect(s.summary.trainableParams).toBe(107_706);
    expect(s.canTrain).toBe(true);
    expect(s.trainBlockedReason).toBeNull();
    expect(shapeOf(store, 'flatten')).toEqual([1568]);
    expect(s.dirty).toBe(true);
  });

  it('appends after the selected layer and moves its consumers onto the new one', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    actions.select({ nodeIds: [byName(store, 'flatten').id] });
    actions.appendLayer('Dropout');
    expect(wiring(store).dropout).toEqual(['flatten']);
    expect(wiring(store).dense).toEqual(['dropout']);
    expect(store.getState().selection.nodeIds).toEqual([byName(store, 'dropout').id]);
    const flattenY = store.getState().doc.layout[byName(store, 'flatten').id].y;
    expect(store.getState().doc.layout[byName(store, 'dropout').id].y).toBeGreaterThan(flattenY);
    expect(store.getState().doc.layout[byName(store, 'dense').id].y).toBeGreaterThan(
      store.getState().doc.layout[byName(store, 'dropout').id].y,
    );
  });

  it('adds an unconnected layer at a dropped position', () => {
    const store = createEditorStore();
    const id = store.getState().actions.addLayer('Dense', { x: 120, y: 300 });
    expect(store.getState().doc.layout[id]).toEqual({ x: 120, y: 300 });
    expect(store.getState().doc.graph.nodes[0].inputs).toEqual([]);
  });

  it('connects, keeps merge input order, refuses cycles and disconnects; each step undoable', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    const input = actions.addLayer('InputLayer');
    const a = actions.addLayer('Conv2D');
    const b = actions.addLayer('Conv2D');
    const add = actions.addLayer('Add');
    expect(actions.connect(input, a)).toBe(true);
    expect(actions.connect(input, b)).toBe(true);
    expect(actions.connect(b, add)).toBe(true);
    expect(actions.connect(a, add)).toBe(true);
    expect(wiring(store).add).toEqual(['conv2d_1', 'conv2d']);
    expect(shapeOf(store, 'add')).toEqual([26, 26, 32]);

    expect(actions.connect(add, input)).toBe(false);
    expect(store.getState().notice?.text).toMatch(/InputLayer and takes no inputs/);
    expect(actions.connect(add, a)).toBe(false);
    expect(store.getState().notice?.text).toMatch(/cycle/);

    actions.disconnect(add, 0);
    expect(wiring(store).add).toEqual(['conv2d']);
    expect(store.getState().diagnosticsByNode.get(add)?.[0].message).toMatch(/takes 2 to 16 inputs but has 1/);
    actions.undo();
    expect(wiring(store).add).toEqual(['conv2d_1', 'conv2d']);
    actions.undo();
    expect(wiring(store).add).toEqual(['conv2d_1']);
    actions.redo();
    expect(wiring(store).add).toEqual(['conv2d_1', 'conv2d']);
  });

  it('replaces the input of a single-input layer when a new wire is dragged onto it', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    const x = actions.addLayer('InputLayer');
    const y = actions.addLayer('InputLayer');
    const d = actions.addLayer('Dense');
    actions.connect(x, d);
    actions.connect(y, d);
    expect(wiring(store).dense).toEqual(['input_layer_1']);
  });
});

describe('editor store: deleting, moving, editing', () => {
  it('deletes a layer from a chain and bridges its input to its consumers; undo restores it', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    const pool = byName(store, 'max_pooling2d_1').id;
    actions.select({ nodeIds: [pool] });
    actions.deleteSelection();
    expect(names(store)).not.toContain('max_pooling2d_1');
    expect(wiring(store).flatten).toEqual(['conv2d_1']);
    expect(store.getState().doc.layout[pool]).toBeUndefined();
    expect(store.getState().summary.totalParams).toBe(32 * 14 * 14 * 64 + 64 + 64 * 10 + 10 + 208 + 6432);
    expect(store.getState().undoLabel).toBe('Delete max_pooling2d_1');
    actions.undo();
    expect(wiring(store).flatten).toEqual(['max_pooling2d_1']);
    expect(store.getState().summary.totalParams).toBe(107_706);
    actions.redo();
    expect(names(store)).not.toContain('max_pooling2d_1');
  });

  it('deletes a selected wire', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    const dense = byName(store, 'dense').id;
    actions.select({ nodeIds: [], edgeIds: [edgeIdOf(dense, 0)] });
    actions.deleteSelection();
    expect(wiring(store).dense).toEqual([]);
    expect(store.getState().canTrain).toBe(false);
    actions.undo();
    expect(wiring(store).dense).toEqual(['flatten']);
  });

  it('records a drag as one undoable move', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    const id = actions.addLayer('InputLayer', { x: 0, y: 0 });
    const depth = store.getState().history.past.length;
    actions.moveNodesLive({ [id]: { x: 10, y: 5 } });
    actions.moveNodesLive({ [id]: { x: 20, y: 10 } });
    expect(store.getState().history.past.length).toBe(depth);
    actions.endMove();
    expect(store.getState().history.past.length).toBe(depth + 1);
    expect(store.getState().doc.layout[id]).toEqual({ x: 20, y: 10 });
    actions.undo();
    expect(store.getState().doc.layout[id]).toEqual({ x: 0, y: 0 });
    actions.redo();
    expect(store.getState().doc.layout[id]).toEqual({ x: 20, y: 10 });
  });

  it('edits parameters with live shapes and undo', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    const conv = byName(store, 'conv2d').id;
    actions.setParams(conv, { padding: 'valid' });
    expect(shapeOf(store, 'conv2d')).toEqual([24, 24, 8]);
    expect(store.getState().undoLabel).toBe('Edit conv2d padding');
    actions.undo();
    expect(shapeOf(store, 'conv2d')).toEqual([28, 28, 8]);
  });

  it('renames with uniqueness checked', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    const conv = byName(store, 'conv2d').id;
    expect(actions.renameNode(conv, 'conv2d_1')).toMatch(/already the name of another layer \(Conv2D\)/);
    expect(actions.renameNode(conv, '2x')).toMatch(/starting with a letter/);
    expect(actions.renameNode(conv, 'c'.repeat(129))).toMatch(/has 129 characters: names use only letters/);
    expect(actions.renameNode(conv, 'conv\nprint(1)')).toMatch(
      /^the name "conv\\nprint\(1\)" has a line break \(U\+000A\) at position 5: names use only/,
    );
    expect(actions.setModelName('m """\nprint("x")\n"""')).toMatch(
      /^the model name "m \\"\\"\\"\\nprint.*" has a space \(U\+0020\) at position 2: names use only/,
    );
    expect(actions.setModelName('m'.repeat(129))).toMatch(/has 129 characters/);
    expect(actions.renameNode(conv, 'stem')).toBeNull();
    expect(byName(store, 'stem').id).toBe(conv);
    actions.undo();
    expect(byName(store, 'conv2d').id).toBe(conv);
  });
});

describe('editor store: clipboard', () => {
  it('copies and pastes layers with fresh names, internal wires only, undoable', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    actions.select({ nodeIds: [byName(store, 'conv2d_1').id, byName(store, 'max_pooling2d_1').id] });
    expect(actions.copySelection()).toBe(true);
    const ids = actions.paste();
    expect(ids).toHaveLength(2);
    expect(names(store).slice(-2)).toEqual(['conv2d_2', 'max_pooling2d_2']);
    expect(wiring(store).conv2d_2).toEqual([]);
    expect(wiring(store).max_pooling2d_2).toEqual(['conv2d_2']);
    const orig = store.getState().doc.layout[byName(store, 'conv2d_1').id];
    // The offset spot overlaps the chain, so the copy goes to the right of the model, at the offset's height.
    const first = store.getState().doc.layout[ids[0]];
    expect(first.x).toBeGreaterThanOrEqual(orig.x + NODE_WIDTH);
    expect(first.y).toBe(orig.y + 40);
    expect(store.getState().selection.nodeIds).toEqual(ids);
    const second = actions.paste();
    expect(names(store)).toContain('conv2d_3');
    expect(store.getState().doc.layout[second[0]].x).toBeGreaterThanOrEqual(first.x + NODE_WIDTH);
    actions.undo();
    actions.undo();
    expect(names(store)).toHaveLength(8);
  });

  it('duplicates the selection without touching the clipboard', () => {
    const store = createEditorStore();
    buildTutorialCnn(store);
    const { actions } = store.getState();
    actions.select({ nodeIds: [byName(store, 'dense').id] });
    const [copy] = actions.duplicateSelection();
    expect(store.getState().clipboard).toBeNull();
    expect(store.getState().doc.graph.nodes.find((n) => n.id === copy)?.params.units).toBe(64);
    expect(store.getState().undoLabel).toBe('Duplicate dense');
    actions.undo();
    expect(names(store)).toHaveLength(8);
  });
});
