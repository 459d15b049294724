import { describe, expect, it } from 'vitest';
import { ProjectFileError } from '../../../src-engine/model/project-file';
import { createEditorStore, type EditorStore } from './editor-store';

const byName = (store: EditorStore, name: string) => {
  const n = store.getState().doc.graph.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no layer ${name}`);
  return n;
};
const names = (store: EditorStore) => store.getState().doc.graph.nodes.map((n) => n.name);

function tutorial(): EditorStore {
  const store = createEditorStore();
  store.getState().actions.newFromTemplate('keras-tutorial-cnn');
  return store;
}

describe('editor store: one-click fixes', () => {
  it('setParam fix: a kernel larger than its input, with the arithmetic, fixed and undone', () => {
    const store = tutorial();
    const { actions } = store.getState();
    const conv = byName(store, 'conv2d_1').id;
    actions.setParams(conv, { kernelSize: 15, padding: 'valid' });
    const [d] = store.getState().diagnosticsByNode.get(conv) ?? [];
    expect(d.arithmetic).toBe('⌊(14 − 15)/1⌋ + 1 = 0');
    expect(d.fixes?.map((f) => f.label)).toEqual(["Use padding 'same'", 'Reduce kernel_size to 14']);
    expect(store.getState().canTrain).toBe(false);
    expect(store.getState().trainBlockedReason).toMatch(
      /^The model cannot be trained while it has an error: conv2d_1: ⌊\(14 − 15\)\/1⌋ \+ 1 = 0/,
    );
    const fix = d.fixes?.[0];
    if (!fix) throw new Error('no fix');
    actions.applyFix(fix.edit, fix.label);
    expect(byName(store, 'conv2d_1').params.padding).toBe('same');
    expect(store.getState().canTrain).toBe(true);
    expect(store.getState().summary.totalParams).toBe(107_706 + 32 * 8 * (15 * 15 - 25));
    expect(store.getState().undoLabel).toBe("Use padding 'same'");
    actions.undo();
    expect(store.getState().canTrain).toBe(false);
  });

  it('insertBefore fix: Flatten goes back between the last pooling layer and the first Dense', () => {
    const store = tutorial();
    const { actions } = store.getState();
    actions.removeNodes([byName(store, 'flatten').id]);
    const warning = store.getState().inference.diagnostics.find((d) => d.code === 'output-rank');
    const fix = warning?.fixes?.[0];
    if (!fix) throw new Error('no fix');
    const denseY = store.getState().doc.layout[byName(store, 'dense').id].y;
    actions.applyFix(fix.edit, fix.label);
    expect(byName(store, 'dense').inputs).toEqual([byName(store, 'flatten').id]);
    expect(byName(store, 'flatten').inputs).toEqual([byName(store, 'max_pooling2d_1').id]);
    expect(store.getState().summary.totalParams).toBe(107_706);
    expect(store.getState().doc.layout[byName(store, 'flatten').id].y).toBe(denseY);
    expect(store.getState().doc.layout[byName(store, 'dense').id].y).toBeGreaterThan(denseY);
    actions.undo();
    expect(names(store)).not.toContain('flatten');
  });

  it('removeNode fix: deletes a layer whose output goes nowhere', () => {
    const store = tutorial();
    const { actions } = store.getState();
    const extra = actions.addLayer('Dense');
    actions.connect(byName(store, 'flatten').id, extra);
    const d = store.getState().diagnosticsByNode.get(extra)?.[0];
    expect(d?.code).toBe('unused-output');
    const fix = d?.fixes?.[0];
    if (!fix) throw new Error('no fix');
    actions.applyFix(fix.edit, fix.label);
    expect(store.getState().doc.graph.nodes.some((n) => n.id === extra)).toBe(false);
    expect(store.getState().canTrain).toBe(true);
    actions.undo();
    expect(store.getState().doc.graph.nodes.some((n) => n.id === extra)).toBe(true);
  });
});

describe('editor store: blocks', () => {
  it('groups, renames, collapses, expands and ungroups, each undoable, with the Keras nested summary', () => {
    const store = tutorial();
    const { actions } = store.getState();
    const features = ['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1'].map((n) => byName(store, n).id);
    actions.select({ nodeIds: features });
    expect(actions.groupSelection('feature_extractor')).toBeNull();
    const group = store.getState().doc.graph.groups?.[0];
    if (!group) throw new Error('no group');
    expect(store.getState().selection.groupIds).toEqual([group.id]);
    const row = store.getState().summary.rows.find((r) => r.name === 'feature_extractor');
    expect(row).toMatchObject({ className: 'Sequential', params: 208 + 6432, outputShape: [null, 7, 7, 32] });
    expect(store.getState().summary.totalParams).toBe(107_706);

    expect(actions.renameGroup(group.id, 'dense')).toMatch(/already the name of another layer/);
    expect(actions.renameGroup(group.id, 'features')).toBeNull();
    expect(store.getState().summary.rows.some((r) => r.name === 'features')).toBe(true);

    actions.setCollapsed(group.id, true);
    expect(store.getState().doc.collapsedGroups).toEqual([group.id]);
    actions.setCollapsed(group.id, false);
    expect(store.getState().doc.collapsedGroups).toEqual([]);
    actions.undo();
    expect(store.getState().doc.collapsedGroups).toEqual([group.id]);

    actions.ungroup(group.id);
    expect(store.getState().doc.graph.groups).toBeUndefined();
    expect(store.getState().doc.collapsedGroups).toEqual([]);
    expect(store.getState().summary.rows.map((r) => r.name)).toContain('conv2d');
    actions.undo();
    expect(store.getState().doc.graph.groups?.[0].name).toBe('features');
    actions.undo();
    actions.undo();
    expect(store.getState().doc.graph.groups?.[0].name).toBe('feature_extractor');
    actions.undo();
    expect(store.getState().doc.graph.groups).toBeUndefined();
  });

  it('moves a collapsed block with its layers, and deleting the block deletes its layers', () => {
    const store = tutorial();
    const { actions } = store.getState();
    const ids = ['dense', 'dense_1'].map((n) => byName(store, n).id);
    actions.select({ nodeIds: ids });
    actions.groupSelection();
    const g = store.getState().doc.graph.groups?.[0];
    if (!g) throw new Error('no group');
    expect(g.name).toBe('block');
    const before = ids.map((id) => store.getState().doc.layout[id]);
    const origin = { x: Math.min(...before.map((p) => p.x)), y: Math.min(...before.map((p) => p.y)) };
    actions.moveNodes({ [g.id]: { x: origin.x + 100, y: origin.y + 50 } });
    expect(ids.map((id) => store.getState().doc.layout[id])).toEqual(
      before.map((p) => ({ x: p.x + 100, y: p.y + 50 })),
    );
    actions.select({ nodeIds: [], groupIds: [g.id] });
    actions.deleteSelection();
    expect(names(store)).toEqual(['input_layer', 'conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten']);
    expect(store.getState().doc.graph.groups).toBeUndefined();
  });
});

describe('editor store: projects and the dirty flag', () => {
  it('loads a template clean, becomes dirty on an edit and clean again when undone to the saved state', () => {
    const store = tutorial();
    const s = store.getState();
    expect(s.summary.totalParams).toBe(107_706);
    expect(s.project.title).toBe('Keras tutorial CNN');
    expect(s.dirty).toBe(false);
    expect(s.canUndo).toBe(false);
    expect(Object.keys(s.doc.layout).sort()).toEqual(s.doc.graph.nodes.map((n) => n.id).sort());
    s.actions.setParams(byName(store, 'dense').id, { units: 32 });
    expect(store.getState().dirty).toBe(true);
    s.actions.undo();
    expect(store.getState().dirty).toBe(false);
    s.actions.setTrainingSettings({ ...(store.getState().extras.training ?? defaults()), batchSize: 64 });
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().hints.find((h) => h.kind === 'activation-memory')?.message).toMatch(/batch of 64/);
    s.actions.markSaved('/tmp/cnn.filterbank.json');
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().project).toEqual({ path: '/tmp/cnn.filterbank.json', title: 'cnn.filterbank.json' });
  });

  it('saves and reopens the same graph, layout, blocks and settings, keeping fields it does not know', () => {
    const store = tutorial();
    const { actions } = store.getState();
    actions.select({ nodeIds: [byName(store, 'dense').id, byName(store, 'dense_1').id] });
    actions.groupSelection('classifier');
    const gid = store.getState().doc.graph.groups?.[0].id as string;
    actions.setCollapsed(gid, true);
    actions.setTrainingSettings({ ...defaults(), epochs: 7 });
    const text = actions.projectText();
    const withExtra = JSON.stringify({ ...JSON.parse(text), futureFeature: { keep: [1, 2] } });

    const other = createEditorStore();
    other.getState().actions.loadProjectText(withExtra, '/p/model.json');
    const o = other.getState();
    expect(o.doc.graph).toEqual(store.getState().doc.graph);
    expect(o.doc.layout).toEqual(store.getState().doc.layout);
    expect(o.doc.collapsedGroups).toEqual([gid]);
    expect(o.extras.training?.epochs).toBe(7);
    expect(o.summary.totalParams).toBe(107_706);
    expect(o.dirty).toBe(false);
    expect(o.project.title).toBe('model.json');
    expect(JSON.parse(o.actions.projectText()).futureFeature).toEqual({ keep: [1, 2] });
  });

  it('refuses a damaged file with a readable reason and keeps the current project', () => {
    const store = tutorial();
    expect(() =>
      store
        .getState()
        .actions.loadProjectText('{"format":"filterbank-project","version":1,"graph":{"nodes":7}}', '/x.json'),
    ).toThrow(ProjectFileError);
    expect(() => store.getState().actions.loadProjectText('not json', '/x.json')).toThrow(/not valid JSON/);
    expect(store.getState().summary.totalParams).toBe(107_706);
  });

  it('lays out a file saved without positions', () => {
    const store = createEditorStore();
    store.getState().actions.loadProjectText(
      JSON.stringify({
        name: 'bare',
        nodes: [
          { id: 'a', name: 'input_layer', className: 'InputLayer', params: {}, inputs: [] },
          { id: 'b', name: 'flatten', className: 'Flatten', inputs: ['a'] },
        ],
      }),
      null,
    );
    const { layout } = store.getState().doc;
    expect(layout.b.y).toBeGreaterThan(layout.a.y);
  });

  it('starts a new empty project that cannot be trained, saying why', () => {
    const store = tutorial();
    store.getState().actions.newProject();
    expect(store.getState().doc.graph.nodes).toEqual([]);
    expect(store.getState().canTrain).toBe(false);
    expect(store.getState().trainBlockedReason).toMatch(/no layers/);
  });
});

function defaults() {
  return {
    optimizer: 'adam',
    learningRate: null,
    learningRateSchedule: { kind: 'constant' },
    batchSize: 32,
    epochs: 5,
    validationSplit: 0.2,
    seed: 42,
    earlyStoppingPatience: null,
    loss: 'sparse_categorical_crossentropy',
    backend: 'auto',
  } as const;
}

describe('editor store: auto layout', () => {
  it('lays a collapsed block out as one node and moves its hidden layers with it; undoable', () => {
    const store = tutorial();
    const { actions } = store.getState();
    const ids = ['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1'].map((n) => byName(store, n).id);
    actions.select({ nodeIds: ids });
    actions.groupSelection('features');
    const gid = store.getState().doc.graph.groups?.[0].id as string;
    actions.setCollapsed(gid, true);
    const before = store.getState().doc.layout;
    actions.autoLayout({ [gid]: 90 });
    const after = store.getState().doc.layout;
    const y = (name: string) => after[byName(store, name).id].y;
    // The block takes one row: flatten sits right below it rather than four rows down.
    expect(y('flatten') - y('conv2d')).toBe(90 + 40);
    expect(y('max_pooling2d_1') - y('conv2d')).toBe(before[ids[3]].y - before[ids[0]].y);
    actions.undo();
    expect(store.getState().doc.layout).toBe(before);
  });
});

describe('editor store: a template or import laid out for the canvas', () => {
  it('wraps a long template into columns for a wide pane, with no undo step and still saved', () => {
    const store = createEditorStore();
    store.getState().actions.newFromTemplate('three-block-cnn');
    expect(store.getState().paneLayoutPending).toBe(true);
    const columns = (s: EditorStore) => new Set(Object.values(s.getState().doc.layout).map((p) => p.x)).size;
    expect(columns(store)).toBe(1);
    store.getState().actions.layoutOpenedForPane({}, { width: 710, height: 468 });
    expect(columns(store)).toBeGreaterThan(1);
    expect(store.getState().paneLayoutPending).toBe(false);
    expect(store.getState().canUndo).toBe(false);
    expect(store.getState().dirty).toBe(false);
    // Only once: a later call (a resize, a re-render) leaves the person's layout alone.
    const layout = store.getState().doc.layout;
    store.getState().actions.layoutOpenedForPane({}, { width: 300, height: 2000 });
    expect(store.getState().doc.layout).toBe(layout);
  });

  it('keeps the layout of an opened project file', () => {
    const store = tutorial();
    const text = store.getState().actions.projectText();
    store.getState().actions.loadProjectText(text, '/tmp/p.filterbank.json');
    expect(store.getState().paneLayoutPending).toBe(false);
    store.getState().actions.loadProjectText(text, null, 'Imported', true);
    expect(store.getState().paneLayoutPending).toBe(true);
  });
});
