import type { ModelGraph } from '../model/graph';

export interface Position {
  x: number;
  y: number;
}

/**
 * Distance between layers (rows) and between siblings in one row, in editor pixels: the editor's node box
 * (240 × 74) plus its gaps (60, 40), so imported models look as the editor's own auto-layout places them.
 */
export const LAYOUT_SPACING = { row: 114, column: 300 } as const;

/**
 * A layered top-to-bottom layout: each node sits one row below its deepest input (longest path from the inputs), and
 * nodes in a row are ordered by the mean column of their inputs so that branches do not cross needlessly. Nodes in a
 * cycle (an invalid graph) go in a last row, so every node gets a position.
 */
export function layoutGraph(graph: ModelGraph): Record<string, Position> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const inputsOf = new Map(graph.nodes.map((n) => [n.id, n.inputs.filter((i) => ids.has(i) && i !== n.id)]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1;
    visiting.add(id);
    const parents = (inputsOf.get(id) ?? []).map(depthOf);
    visiting.delete(id);
    const d = parents.some((p) => p < 0) ? -1 : parents.length === 0 ? 0 : Math.max(...parents) + 1;
    if (d >= 0) depth.set(id, d);
    return d;
  };
  for (const n of graph.nodes) depthOf(n.id);
  const lastRow = Math.max(-1, ...depth.values()) + 1;
  const rows: string[][] = [];
  for (const n of graph.nodes) {
    const row = depth.get(n.id) ?? lastRow;
    (rows[row] ??= []).push(n.id);
  }
  const column = new Map<string, number>();
  const positions: Record<string, Position> = {};
  rows.forEach((row, r) => {
    const barycenter = (id: string) => {
      const cols = (inputsOf.get(id) ?? []).map((i) => column.get(i)).filter((c): c is number => c !== undefined);
      return cols.length === 0 ? 0 : cols.reduce((a, b) => a + b, 0) / cols.length;
    };
    const order = row.map((id, i) => ({ id, i, key: barycenter(id) })).sort((a, b) => a.key - b.key || a.i - b.i);
    order.forEach(({ id }, i) => {
      const c = i - (order.length - 1) / 2;
      column.set(id, c);
      positions[id] = { x: c * LAYOUT_SPACING.column, y: r * LAYOUT_SPACING.row };
    });
  });
  return positions;
}
