import type { LayerNode, ModelGraph } from '../../../src-engine';
import { FRAME_PAD, FRAME_SIDE, layeredLayout, layoutForPane, type PaneSize, ROW_STEP, type XY } from './auto-layout';
import { consumersOf } from './graph-edits';
import type { EditorDoc } from './project-io';
import { blockView } from './block-view';

/** Every node fed, directly or not, by `id` (not including `id`). */
export function downstreamOf(graph: ModelGraph, id: string): string[] {
  const out = new Set<string>();
  const stack = consumersOf(graph, id).map((n) => n.id);
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (out.has(n)) continue;
    out.add(n);
    stack.push(...consumersOf(graph, n).map((c) => c.id));
  }
  return [...out];
}

export function shifted(layout: EditorDoc['layout'], ids: readonly string[], dy: number): Record<string, XY> {
  const next = { ...layout };
  for (const id of ids) if (next[id]) next[id] = { x: next[id].x, y: next[id].y + dy };
  return next;
}

/** The top-left of a block's layers: where its collapsed node is drawn. */
export function groupOrigin(doc: EditorDoc, nodeIds: readonly string[]): XY {
  const at = nodeIds.map((id) => doc.layout[id]).filter((p) => p !== undefined);
  if (at.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...at.map((p) => p.x)), y: Math.min(...at.map((p) => p.y)) };
}

/** A free spot for a node added without an anchor: below everything, or the origin on an empty canvas. */
export function freeSpot(doc: EditorDoc): XY {
  const at = Object.values(doc.layout);
  if (at.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...at.map((p) => p.x)), y: Math.max(...at.map((p) => p.y)) + ROW_STEP };
}

/** Positions for keys that are node ids or block ids; moving a block moves its layers by the same amount. */
export function movedLayout(doc: EditorDoc, positions: Readonly<Record<string, XY>>): Record<string, XY> {
  const layout = { ...doc.layout };
  const groups = new Map((doc.graph.groups ?? []).map((g) => [g.id, g]));
  for (const [id, p] of Object.entries(positions)) {
    const group = groups.get(id);
    if (!group) {
      layout[id] = { x: p.x, y: p.y };
      continue;
    }
    const o = groupOrigin(doc, group.nodeIds);
    for (const m of group.nodeIds) {
      const at = layout[m] ?? o;
      layout[m] = { x: at.x + p.x - o.x, y: at.y + p.y - o.y };
    }
  }
  return layout;
}

/**
 * The automatic layout of what is on the canvas: a collapsed block takes one place (it is laid out as one node
 * fed by its layers' outside inputs) and its hidden layers move with it. `heights` are keyed by layer or block id.
 * Given the canvas' size, long chains wrap into side-by-side bands to use its width (layoutForPane).
 */
export function layoutDoc(
  doc: EditorDoc,
  heights: Readonly<Record<string, number>> = {},
  pane?: PaneSize,
): Record<string, XY> {
  // Blocks inside a collapsed block move with it: only the outermost collapsed blocks are laid out.
  const { hidden, blockOf } = blockView(doc);
  // An open block's layers stay in one column when a long chain wraps (its frame must not span two).
  const together = (doc.graph.groups ?? [])
    .filter((g) => !doc.collapsedGroups.includes(g.id) && !hidden.has(g.id))
    .map((g) => g.nodeIds);
  // A frame reaches past its layers by its padding and name column, once per level of nesting.
  const depth = Math.max(0, ...(doc.graph.groups ?? []).map((g) => nestingDepth(doc, g.id)));
  const margin = (FRAME_SIDE + 2 * FRAME_PAD) * depth;
  const lay = (graph: EditorDoc['graph']) =>
    pane ? layoutForPane(graph, pane, heights, together, margin) : layeredLayout(graph, heights);
  const collapsed = (doc.graph.groups ?? []).filter((g) => doc.collapsedGroups.includes(g.id) && !hidden.has(g.id));
  if (collapsed.length === 0) return lay(doc.graph);
  const visible = (id: string) => blockOf.get(id) ?? id;
  const nodes: LayerNode[] = [];
  const placed = new Set<string>();
  for (const n of doc.graph.nodes) {
    const id = visible(n.id);
    if (placed.has(id)) continue;
    placed.add(id);
    const members = blockOf.has(n.id) ? doc.graph.nodes.filter((m) => blockOf.get(m.id) === id) : [n];
    const inside = new Set(members.map((m) => m.id));
    const inputs = [
      ...new Set(
        members
          .flatMap((m) => m.inputs)
          .filter((i) => !inside.has(i))
          .map(visible),
      ),
    ];
    nodes.push({ ...n, id, inputs });
  }
  const at = lay({ ...doc.graph, nodes });
  const layout: Record<string, XY> = {};
  for (const n of doc.graph.nodes) if (!blockOf.has(n.id)) layout[n.id] = at[n.id];
  for (const g of collapsed) {
    const o = groupOrigin(doc, g.nodeIds);
    const to = at[g.id];
    for (const m of g.nodeIds) {
      const p = doc.layout[m] ?? o;
      layout[m] = { x: p.x - o.x + to.x, y: p.y - o.y + to.y };
    }
  }
  return layout;
}

/** 1 for a block inside no other, 2 for one inside it, … */
function nestingDepth(doc: EditorDoc, groupId: string): number {
  const parentOf = new Map((doc.graph.groups ?? []).map((g) => [g.id, g.parent]));
  let depth = 0;
  for (let id: string | undefined = groupId; id && depth < 64; id = parentOf.get(id)) depth++;
  return depth;
}
