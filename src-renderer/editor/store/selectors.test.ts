import { describe, expect, it } from 'vitest';
import { defaultTrainingSettings } from '../../../src-engine/model/settings';
import { createEditorStore, type EditorStore } from './editor-store';
import type { EditorState } from './editor-state';
import { selectBlockRow, selectGroup, selectNode } from './selectors';

function chain(store: EditorStore) {
  const { actions } = store.getState();
  const input = actions.appendLayer('InputLayer');
  actions.setParams(input, { shape: [8, 8, 1] });
  const conv = actions.appendLayer('Conv2D');
  const flat = actions.appendLayer('Flatten');
  const dense = actions.appendLayer('Dense');
  return { input, conv, flat, dense };
}

/** The state with the graph's node and group lists made unreadable: a selector that scans them throws. */
function withoutLists(s: EditorState): EditorState {
  const graph = Object.defineProperties(
    { name: s.doc.graph.name },
    {
      nodes: {
        get: () => {
          throw new Error('the selector scanned graph.nodes');
        },
      },
      groups: {
        get: () => {
          throw new Error('the selector scanned graph.groups');
        },
      },
    },
  );
  const summary = Object.defineProperty({ ...s.summary }, 'rows', {
    get: () => {
      throw new Error('the selector scanned summary.rows');
    },
  });
  return { ...s, doc: { ...s.doc, graph: graph as EditorState['doc']['graph'] }, summary };
}

describe('editor selectors: lookups by id, built once per graph change', () => {
  it('a node selector reads the derived map and never scans the node list', () => {
    const store = createEditorStore();
    const { conv } = chain(store);
    const s = store.getState();
    expect(selectNode(conv)(withoutLists(s))).toBe(s.doc.graph.nodes.find((n) => n.id === conv));
    expect(selectNode('missing')(withoutLists(s))).toBeUndefined();
  });

  it('block and frame selectors read their group and summary row by id and name', () => {
    const store = createEditorStore();
    const { conv, flat } = chain(store);
    const { actions } = store.getState();
    actions.select({ nodeIds: [conv, flat] });
    expect(actions.groupSelection('features')).toBeNull();
    const s = store.getState();
    const group = s.doc.graph.groups?.[0];
    expect(group?.name).toBe('features');
    expect(selectGroup(group!.id)(withoutLists(s))).toBe(group);
    const row = selectBlockRow('features')(withoutLists(s));
    expect(row).toBe(s.summary.rows.find((r) => r.className === 'Sequential' && r.name === 'features'));
    expect(row?.params).toBeGreaterThan(0);
  });

  it('the maps are rebuilt when the graph changes and kept when only selection, layout or batch size change', () => {
    const store = createEditorStore();
    const { conv, dense } = chain(store);
    const before = store.getState();
    const { actions } = before;
    actions.select({ nodeIds: [conv] });
    actions.moveNodes({ [conv]: { x: 500, y: 500 } });
    actions.setTrainingSettings({ ...defaultTrainingSettings(), batchSize: 7 });
    const after = store.getState();
    expect(after.doc.layout[conv]).toEqual({ x: 500, y: 500 });
    expect(after.nodesById).toBe(before.nodesById);
    expect(after.groupsById).toBe(before.groupsById);
    expect(after.inference).toBe(before.inference);

    actions.setParams(dense, { units: 3 });
    const edited = store.getState();
    expect(edited.nodesById).not.toBe(after.nodesById);
    expect(selectNode(dense)(edited)?.params.units).toBe(3);
    expect(edited.nodesById.size).toBe(edited.doc.graph.nodes.length);
  });
});
