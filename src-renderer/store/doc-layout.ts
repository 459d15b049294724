import type { ModelGraph } from '../../src-engine/model/graph';
import { ROW_STEP, type XY } from '../editor/auto-layout';
import { consumersOf } from './graph-edits';
import type { EditorDoc } from './project-io';

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
