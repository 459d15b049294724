import { describe, expect, it } from 'vitest';
import { canvasBoxes, layoutForExpand, overlappingPairs, pasteOffset } from './canvas-boxes';
import { createEditorStore, type EditorStore } from './editor-store';

const overlaps = (store: EditorStore) => overlappingPairs(store.getState().doc);

/** Input and six Dense layers in a chain, dense_1..dense_3 grouped into a block, collapsed and laid out. */
function chainWithCollapsedBlock(): { store: EditorStore; groupId: string } {
  const store = createEditorStore();
  const { actions } = store.getState();
  actions.appendLayer('InputLayer');
  const ids = Array.from({ length: 6 }, () => actions.appendLayer('Dense'));
  actions.select({ nodeIds: ids.slice(1, 4) });
  expect(actions.groupSelection('middle')).toBeNull();
  const groupId = store.getState().doc.graph.groups?.[0].id as string;
  actions.setCollapsed(groupId, true);
  actions.autoLayout();
  expect(overlaps(store)).toEqual([]);
  return { store, groupId };
}

describe('canvas boxes', () => {
  it('expanding a collapsed block moves the layers below it clear of its frame, undoably', () => {
    const { store, groupId } = chainWithCollapsedBlock();
    const before = store.getState().doc.layout;
    store.getState().actions.setCollapsed(groupId, false);
    expect(overlaps(store)).toEqual([]);
    store.getState().actions.undo();
    expect(store.getState().doc.layout).toEqual(before);
  });

  it('moves a node beside a block right when the expanded frame would cover it', () => {
    const { store, groupId } = chainWithCollapsedBlock();
    const doc = store.getState().doc;
    const [first] = doc.graph.groups?.[0].nodeIds ?? [];
    const input = doc.graph.nodes[0].id;
    // Put the input beside the collapsed block, where the frame's side column will be.
    const beside = {
      ...doc,
      layout: { ...doc.layout, [input]: { x: doc.layout[first].x + 300, y: doc.layout[first].y } },
    };
    const layout = layoutForExpand(beside, groupId);
    expect(overlappingPairs({ ...beside, collapsedGroups: [] })).not.toEqual([]);
    expect(overlappingPairs({ ...beside, layout, collapsedGroups: [] })).toEqual([]);
  });

  it('pastes into free space, never on top of the model', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    actions.appendLayer('InputLayer');
    const ids = Array.from({ length: 4 }, () => actions.appendLayer('Dense'));
    actions.select({ nodeIds: ids.slice(0, 2) });
    actions.copySelection();
    actions.paste();
    expect(overlaps(store)).toEqual([]);
    actions.paste();
    expect(overlaps(store)).toEqual([]);
    actions.select({ nodeIds: [ids[3]] });
    actions.duplicateSelection();
    expect(overlaps(store)).toEqual([]);
  });

  it('keeps the requested paste offset when that spot is free', () => {
    const store = createEditorStore();
    store.getState().actions.appendLayer('InputLayer');
    const doc = store.getState().doc;
    expect(pasteOffset(doc, { x: { x: 0, y: 1000 } }, { x: 40, y: 40 })).toEqual({ x: 40, y: 40 });
  });

  it('Layout on a wide canvas wraps a long chain into columns, nothing overlapping', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    actions.appendLayer('InputLayer');
    for (let i = 0; i < 11; i++) actions.appendLayer('Dense');
    actions.autoLayout({}, { width: 1600, height: 700 });
    const xs = new Set(Object.values(store.getState().doc.layout).map((p) => p.x));
    expect(xs.size).toBeGreaterThan(1);
    expect(overlaps(store)).toEqual([]);
  });
});

describe('collapsing a block', () => {
  it('pulls what follows up to just below the block node, undoably with the collapse', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    actions.appendLayer('InputLayer');
    const ids = Array.from({ length: 6 }, () => actions.appendLayer('Dense'));
    actions.select({ nodeIds: ids.slice(1, 4) });
    expect(actions.groupSelection('middle')).toBeNull();
    const groupId = store.getState().doc.graph.groups?.[0].id as string;
    actions.autoLayout();
    const before = store.getState().doc.layout;
    actions.setCollapsed(groupId, true);
    const doc = store.getState().doc;
    const block = canvasBoxes(doc)[`block:${groupId}`];
    // The first layer after the block sits one row gap below the block node, not where the frame ended.
    expect(doc.layout[ids[4]].y - (block.y + block.height)).toBe(40);
    expect(doc.layout[ids[5]].y - doc.layout[ids[4]].y).toBe(before[ids[5]].y - before[ids[4]].y);
    expect(overlaps(store)).toEqual([]);
    actions.undo();
    expect(store.getState().doc.layout).toEqual(before);
    expect(store.getState().doc.collapsedGroups).toEqual([]);
  });
});

describe('grouping across the columns of a wrapped layout', () => {
  it('lays out again in the same step, so the new frame spans one column and covers nothing', () => {
    const store = createEditorStore();
    const { actions } = store.getState();
    actions.appendLayer('InputLayer');
    const ids = Array.from({ length: 7 }, () => actions.appendLayer('Dense'));
    // A wide pane wraps the eight layers into columns (as a template opens).
    actions.autoLayout({}, { width: 1600, height: 420 });
    const wrapped = store.getState().doc.layout;
    // Two consecutive layers on either side of a column break.
    const k = ids.findIndex((id, i) => i > 0 && wrapped[id].x !== wrapped[ids[i - 1]].x);
    expect(k).toBeGreaterThan(0);
    const [a, b] = [ids[k - 1], ids[k]];
    const steps = store.getState().history.past.length;
    actions.select({ nodeIds: [a, b] });
    expect(actions.groupSelection('across')).toBeNull();
    expect(overlaps(store)).toEqual([]);
    const layout = store.getState().doc.layout;
    expect(layout[a].x).toBe(layout[b].x);
    // Still wrapped for the pane, and one undo step.
    expect(new Set(Object.values(layout).map((p) => p.x)).size).toBeGreaterThan(1);
    expect(store.getState().history.past.length).toBe(steps + 1);
  });
});
