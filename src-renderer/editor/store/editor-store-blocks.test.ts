import { describe, expect, it } from 'vitest';
import { groupTreeProblem } from '../../../src-engine';
import { createEditorStore, type EditorStore } from './editor-store';
import { emptySelection } from './editor-state';

/** The tutorial CNN: n1 conv2d, n2 max_pooling2d, n3 conv2d_1, n4 max_pooling2d_1, n5 flatten, n6 dense, n7 dense_1. */
function tutorial(): EditorStore {
  const store = createEditorStore();
  store.getState().actions.newFromTemplate('keras-tutorial-cnn');
  return store;
}
const groups = (store: EditorStore) =>
  (store.getState().doc.graph.groups ?? []).map((g) => ({
    name: g.name,
    nodeIds: g.nodeIds,
    parent: store.getState().doc.graph.groups?.find((p) => p.id === g.parent)?.name,
  }));
const idOf = (store: EditorStore, name: string) =>
  store.getState().doc.graph.groups?.find((g) => g.name === name)?.id as string;
const group = (store: EditorStore, nodeIds: string[], groupIds: string[] = [], name?: string) => {
  store.getState().actions.select({ ...emptySelection, nodeIds, groupIds });
  return store.getState().actions.groupSelection(name);
};
const topRows = (store: EditorStore) => store.getState().summary.rows.map((r) => [r.name, r.params]);

describe('editor store: blocks inside blocks', () => {
  it('Ctrl+G on a block and a layer makes a parent block, keeping the first block inside it', () => {
    const store = tutorial();
    expect(group(store, ['n1', 'n2'])).toBeNull();
    expect(group(store, ['n3'], [idOf(store, 'block')])).toBeNull();
    expect(groups(store)).toEqual([
      { name: 'block', nodeIds: ['n1', 'n2'], parent: 'block_1' },
      { name: 'block_1', nodeIds: ['n1', 'n2', 'n3'], parent: undefined },
    ]);
    expect(store.getState().selection.groupIds).toEqual([idOf(store, 'block_1')]);
    expect(groupTreeProblem(store.getState().doc.graph)).toBeNull();
  });

  it('builds the tutorial CNN as Keras nested Sequentials: 6,640 + 101,066 = 107,706', () => {
    const store = tutorial();
    group(store, ['n1', 'n2'], [], 'conv_block');
    group(store, ['n3', 'n4'], [], 'conv_block_1');
    group(store, [], [idOf(store, 'conv_block'), idOf(store, 'conv_block_1')], 'feature_extractor');
    group(store, ['n5', 'n6', 'n7'], [], 'classifier');
    expect(topRows(store)).toEqual([
      ['feature_extractor', 6640],
      ['classifier', 101066],
    ]);
    expect(store.getState().summary.rows[0].children?.map((r) => [r.name, r.params])).toEqual([
      ['conv_block', 208],
      ['conv_block_1', 6432],
    ]);
    expect(store.getState().summary.totalParams).toBe(107706);
    // Inner blocks' frames and nodes read their own row, not the outer block's.
    expect(store.getState().blockRowsByName.get('conv_block_1')?.params).toBe(6432);
  });

  it('Ctrl+G on one selected block wraps it in a parent block', () => {
    const store = tutorial();
    group(store, ['n1', 'n2'], [], 'a');
    expect(group(store, [], [idOf(store, 'a')], 'outer')).toBeNull();
    expect(groups(store)).toEqual([
      { name: 'a', nodeIds: ['n1', 'n2'], parent: 'outer' },
      { name: 'outer', nodeIds: ['n1', 'n2'], parent: undefined },
    ]);
  });

  it('grouping layers inside a block makes an inner block of that block', () => {
    const store = tutorial();
    group(store, ['n1', 'n2', 'n3', 'n4'], [], 'features');
    group(store, ['n3', 'n4'], [], 'inner');
    expect(groups(store)).toContainEqual({ name: 'inner', nodeIds: ['n3', 'n4'], parent: 'features' });
    expect(groupTreeProblem(store.getState().doc.graph)).toBeNull();
  });

  it('ungroup removes one level: the inner blocks move up to the removed block’s parent', () => {
    const store = tutorial();
    group(store, ['n1', 'n2'], [], 'a');
    group(store, ['n3'], [idOf(store, 'a')], 'b');
    group(store, ['n4'], [idOf(store, 'b')], 'c');
    store.getState().actions.ungroup(idOf(store, 'b'));
    expect(groups(store)).toEqual([
      { name: 'a', nodeIds: ['n1', 'n2'], parent: 'c' },
      { name: 'c', nodeIds: ['n1', 'n2', 'n3', 'n4'], parent: undefined },
    ]);
    // What the removed block held directly stays selected: its inner block and its own layer.
    expect(store.getState().selection).toMatchObject({ groupIds: [idOf(store, 'a')], nodeIds: ['n3'] });
    store.getState().actions.undo();
    expect(groups(store).map((g) => [g.name, g.parent])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
      ['c', undefined],
    ]);
  });

  it('collapsing and expanding an outer block keeps its inner block where it was', () => {
    const store = tutorial();
    group(store, ['n3', 'n4'], [], 'inner');
    group(store, ['n1', 'n2'], [idOf(store, 'inner')], 'outer');
    const before = store.getState().doc.layout;
    for (const innerCollapsed of [false, true]) {
      if (innerCollapsed) store.getState().actions.setCollapsed(idOf(store, 'inner'), true);
      store.getState().actions.setCollapsed(idOf(store, 'outer'), true);
      store.getState().actions.setCollapsed(idOf(store, 'outer'), false);
      const after = store.getState().doc.layout;
      // The outer block's layers keep their arrangement (what lies below may move down to make room).
      const rel = (l: typeof before, id: string) => [l[id].x - l.n1.x, l[id].y - l.n1.y];
      for (const id of ['n2', 'n3', 'n4']) expect(rel(after, id)).toEqual(rel(before, id));
    }
  });

  it('refuses a ninth level with a message saying why', () => {
    const store = tutorial();
    group(store, ['n1'], [], 'b_0');
    for (let i = 1; i < 8; i++) expect(group(store, [], [idOf(store, `b_${i - 1}`)], `b_${i}`)).toBeNull();
    expect(group(store, [], [idOf(store, 'b_7')], 'b_8')).toMatch(/more than 8 blocks deep/);
    expect(groups(store)).toHaveLength(8);
  });

  it('copy and paste of nested blocks keeps the nesting', () => {
    const store = tutorial();
    group(store, ['n1', 'n2'], [], 'a');
    group(store, ['n3'], [idOf(store, 'a')], 'b');
    store.getState().actions.select({ ...emptySelection, groupIds: [idOf(store, 'b')] });
    store.getState().actions.duplicateSelection();
    expect(groupTreeProblem(store.getState().doc.graph)).toBeNull();
    expect(groups(store).map((g) => [g.name, g.parent])).toEqual([
      ['a', 'b'],
      ['b', undefined],
      ['a_1', 'b_1'],
      ['b_1', undefined],
    ]);
  });
});
