import { type GraphEdit, nameRuleProblem } from '../../../src-engine';
import { belowOf, ROW_STEP, type XY } from './auto-layout';
import { layoutForCollapse, layoutForExpand, overlappingPairs, pasteOffset } from './canvas-boxes';
import { copyNodes, pasteNodes } from './clipboard';
import { downstreamOf, freeSpot, layoutDoc, movedLayout, shifted } from './doc-layout';
import { emptySelection, parseEdgeId, type EditActions } from './editor-state';
import type { EditorKit } from './kit';
import * as edits from './graph-edits';
import { createGroup, directContents, renameGroup, ungroup } from './group-edits';
import { redo, undo } from './history';
import type { EditorDoc } from './project-io';

const PASTE_OFFSET = 40;

export function createEditActions(kit: EditorKit): EditActions {
  const doc = () => kit.get().doc;
  const fail = (text: string) => kit.get().actions.notify(text, 'error');
  let moveBase: EditorDoc | null = null;
  let pasteCount = 0;

  const nodeName = (id: string) => doc().graph.nodes.find((n) => n.id === id)?.name ?? id;

  /** The layers a selection stands for: selected layers plus the layers of selected blocks. */
  const selectedLayerIds = (): string[] => {
    const { selection } = kit.get();
    const groups = (doc().graph.groups ?? []).filter((g) => selection.groupIds.includes(g.id));
    return [...new Set([...selection.nodeIds, ...groups.flatMap((g) => g.nodeIds)])];
  };

  const insertNew = (className: string, anchor: string | null, position?: XY): string => {
    const d = doc();
    const node = edits.createNode(d.graph, className);
    const graph = edits.addNode(d.graph, node, anchor ?? undefined);
    const wired = graph.nodes.find((n) => n.id === node.id)?.inputs.length === 1;
    let layout: Record<string, XY> = { ...d.layout };
    if (position) layout[node.id] = position;
    else if (anchor && wired) {
      layout = shifted(layout, downstreamOf(d.graph, anchor), ROW_STEP);
      layout[node.id] = belowOf(d.layout[anchor]);
    } else layout[node.id] = freeSpot(d);
    kit.commit({ ...d, graph, layout }, `Add ${className}`, { selection: { ...emptySelection, nodeIds: [node.id] } });
    return node.id;
  };

  const applyDelete = (nodeIds: readonly string[], edgeIds: readonly string[], label: string) => {
    const d = doc();
    let graph = d.graph;
    const cuts = edgeIds
      .map(parseEdgeId)
      .filter((e) => e !== null && !nodeIds.includes(e.target))
      .sort((a, b) => (b?.index ?? 0) - (a?.index ?? 0));
    for (const e of cuts) {
      if (!e) continue;
      const source = graph.nodes.find((n) => n.id === e.target)?.inputs[e.index];
      if (source !== undefined) graph = edits.disconnect(graph, source, e.target, e.index);
    }
    graph = edits.removeNodes(graph, nodeIds);
    const layout = { ...d.layout };
    for (const id of nodeIds) delete layout[id];
    const groups = new Set((graph.groups ?? []).map((g) => g.id));
    kit.commit({ graph, layout, collapsedGroups: d.collapsedGroups.filter((g) => groups.has(g)) }, label, {
      selection: emptySelection,
    });
  };

  const actions: EditActions = {
    addLayer: (className, position) => insertNew(className, null, position),

    appendLayer(className) {
      const { selection, inference } = kit.get();
      const nothingSelected = selection.nodeIds.length + selection.groupIds.length + selection.edgeIds.length === 0;
      const anchor =
        selection.nodeIds.length === 1 ? selection.nodeIds[0] : nothingSelected ? inference.outputId : null;
      return insertNew(className, anchor, undefined);
    },

    connect(source, target) {
      const r = edits.connect(doc().graph, source, target);
      if ('error' in r) {
        fail(r.error);
        return false;
      }
      kit.commit({ ...doc(), graph: r.graph }, `Connect ${nodeName(source)} → ${nodeName(target)}`);
      return true;
    },

    disconnect(target, index) {
      const source = doc().graph.nodes.find((n) => n.id === target)?.inputs[index];
      if (source === undefined) return;
      kit.commit(
        { ...doc(), graph: edits.disconnect(doc().graph, source, target, index) },
        `Disconnect ${nodeName(source)} → ${nodeName(target)}`,
      );
    },

    removeNodes: (ids) =>
      applyDelete(ids, [], ids.length === 1 ? `Delete ${nodeName(ids[0])}` : `Delete ${ids.length} layers`),

    deleteSelection() {
      const nodeIds = selectedLayerIds();
      const { edgeIds } = kit.get().selection;
      if (nodeIds.length + edgeIds.length === 0) return;
      const label =
        nodeIds.length === 1 && edgeIds.length === 0
          ? `Delete ${nodeName(nodeIds[0])}`
          : nodeIds.length > 0
            ? `Delete ${nodeIds.length} layers`
            : 'Delete connection';
      applyDelete(nodeIds, edgeIds, label);
    },

    moveNodesLive(positions) {
      const d = doc();
      moveBase ??= d;
      kit.replaceDoc({ ...d, layout: movedLayout(d, positions) }, kit.get().history);
    },

    endMove() {
      const base = moveBase;
      moveBase = null;
      const d = doc();
      if (!base || base === d) return;
      const { history } = kit.get();
      kit.replaceDoc(base, history);
      kit.commit(d, 'Move');
    },

    moveNodes(positions) {
      actions.moveNodesLive(positions);
      actions.endMove();
    },

    setParams(nodeId, patch) {
      const node = doc().graph.nodes.find((n) => n.id === nodeId);
      if (!node || Object.keys(patch).every((k) => JSON.stringify(node.params[k]) === JSON.stringify(patch[k]))) return;
      const names = Object.keys(patch).join(', ');
      kit.commit({ ...doc(), graph: edits.setParams(doc().graph, nodeId, patch) }, `Edit ${node.name} ${names}`);
    },

    renameNode(nodeId, name) {
      const old = nodeName(nodeId);
      if (old === name) return null;
      const r = edits.renameNode(doc().graph, nodeId, name);
      if ('error' in r) return r.error;
      kit.commit({ ...doc(), graph: r.graph }, `Rename ${old} to ${name}`);
      return null;
    },

    setModelName(name) {
      const problem = nameRuleProblem(name, 'model name');
      if (problem) return problem;
      if (name === doc().graph.name) return null;
      kit.commit({ ...doc(), graph: { ...doc().graph, name } }, `Rename model to ${name}`);
      return null;
    },

    applyFix(edit: GraphEdit, label) {
      const d = doc();
      const { graph, createdId } = edits.applyGraphEdit(d.graph, edit);
      let layout: Record<string, XY> = { ...d.layout };
      if (edit.kind === 'removeNode') delete layout[edit.nodeId];
      if (createdId && d.layout[edit.nodeId]) {
        layout = shifted(layout, [edit.nodeId, ...downstreamOf(d.graph, edit.nodeId)], ROW_STEP);
        layout[createdId] = d.layout[edit.nodeId];
      }
      kit.commit({ ...d, graph, layout }, label ?? 'Apply fix');
    },

    select(partial) {
      kit.set({ selection: { ...kit.get().selection, ...partial } });
    },
    selectAll: () => kit.set({ selection: { ...emptySelection, nodeIds: doc().graph.nodes.map((n) => n.id) } }),
    clearSelection: () => kit.set({ selection: emptySelection }),

    copySelection() {
      const clip = copyNodes(doc(), selectedLayerIds());
      if (!clip) return false;
      pasteCount = 0;
      kit.set({ clipboard: clip });
      return true;
    },

    cutSelection() {
      if (!actions.copySelection()) return false;
      applyDelete(selectedLayerIds(), [], 'Cut');
      return true;
    },

    paste() {
      const clip = kit.get().clipboard;
      if (!clip) return [];
      pasteCount++;
      const step = { x: PASTE_OFFSET * pasteCount, y: PASTE_OFFSET * pasteCount };
      const r = pasteNodes(doc(), clip, pasteOffset(doc(), clip.layout, step));
      kit.commit(
        r.doc,
        clip.nodes.length === 1 ? `Paste ${clip.nodes[0].className}` : `Paste ${clip.nodes.length} layers`,
        {
          selection: { ...emptySelection, nodeIds: r.ids },
        },
      );
      return r.ids;
    },

    duplicateSelection() {
      const clip = copyNodes(doc(), selectedLayerIds());
      if (!clip) return [];
      const r = pasteNodes(doc(), clip, pasteOffset(doc(), clip.layout, { x: PASTE_OFFSET, y: PASTE_OFFSET }));
      kit.commit(
        r.doc,
        clip.nodes.length === 1 ? `Duplicate ${clip.nodes[0].name}` : `Duplicate ${clip.nodes.length} layers`,
        {
          selection: { ...emptySelection, nodeIds: r.ids },
        },
      );
      return r.ids;
    },

    groupSelection(name) {
      const r = createGroup(doc().graph, selectedLayerIds(), name, kit.get().selection.groupIds);
      if ('error' in r) return r.error;
      const gname = r.graph.groups?.find((g) => g.id === r.groupId)?.name;
      const grouped = { ...doc(), graph: r.graph };
      // Layers picked across a wrapped layout's columns would get a frame over both: lay out again (one step).
      const frame = `frame:${r.groupId}`;
      const crossing = overlappingPairs(grouped).some((pair) => pair.split(' / ').includes(frame));
      const pane = kit.get().pane ?? undefined;
      const next = crossing ? { ...grouped, layout: layoutDoc(grouped, {}, pane) } : grouped;
      kit.commit(next, `Group as ${gname}`, {
        selection: { ...emptySelection, groupIds: r.groupId ? [r.groupId] : [] },
      });
      return null;
    },

    renameGroup(groupId, name) {
      const old = doc().graph.groups?.find((g) => g.id === groupId)?.name;
      if (old === name) return null;
      const r = renameGroup(doc().graph, groupId, name);
      if ('error' in r) return r.error;
      kit.commit({ ...doc(), graph: r.graph }, `Rename block ${old} to ${name}`);
      return null;
    },

    ungroup(groupId) {
      const d = doc();
      const g = d.graph.groups?.find((x) => x.id === groupId);
      if (!g) return;
      kit.commit(
        { ...d, graph: ungroup(d.graph, groupId), collapsedGroups: d.collapsedGroups.filter((c) => c !== groupId) },
        `Ungroup ${g.name}`,
        {
          selection: { ...emptySelection, ...directContents(d.graph, groupId) },
        },
      );
    },

    setCollapsed(groupId, collapsed) {
      const d = doc();
      const g = d.graph.groups?.find((x) => x.id === groupId);
      if (!g || d.collapsedGroups.includes(groupId) === collapsed) return;
      const collapsedGroups = collapsed
        ? [...d.collapsedGroups, groupId]
        : d.collapsedGroups.filter((c) => c !== groupId);
      // Expanding makes room for the block's layers, so they never land on the nodes below it; collapsing closes it.
      const layout = collapsed ? layoutForCollapse(d, groupId) : layoutForExpand(d, groupId);
      kit.commit({ ...d, layout, collapsedGroups }, `${collapsed ? 'Collapse' : 'Expand'} ${g.name}`, {
        selection: collapsed ? { ...emptySelection, groupIds: [groupId] } : kit.get().selection,
      });
    },

    autoLayout(heights, pane) {
      if (pane) kit.set({ pane });
      const d = doc();
      const layout = layoutDoc(d, heights, pane);
      const same = Object.keys(layout).every(
        (id) => d.layout[id]?.x === layout[id].x && d.layout[id]?.y === layout[id].y,
      );
      if (!same) kit.commit({ ...d, layout }, 'Auto layout');
    },

    undo() {
      const r = undo(kit.get().history, doc());
      if (r) kit.replaceDoc(r.doc, r.history);
    },

    redo() {
      const r = redo(kit.get().history, doc());
      if (r) kit.replaceDoc(r.doc, r.history);
    },
  };
  return actions;
}
