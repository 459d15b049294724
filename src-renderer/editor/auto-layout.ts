import type { ModelGraph } from '../../src-engine/model/graph';

export interface XY {
  x: number;
  y: number;
}

/** Node box the layout assumes when the canvas has not measured a node yet. */
export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 74;
const COLUMN_GAP = 60;
const ROW_GAP = 40;

/**
 * A layered layout for a DAG, top to bottom: each node sits one row below its deepest input (longest path),
 * rows are ordered by the mean column of their inputs (one barycentre sweep, long wires counted as dummy nodes),
 * and rows are centred on x = 0. A chain therefore becomes one straight column. Nodes in cycles go in a last row.
 */
export function layeredLayout(graph: ModelGraph, heights: Readonly<Record<string, number>> = {}): Record<string, XY> {
  const ids = graph.nodes.map((n) => n.id);
  const known = new Set(ids);
  const inputsOf = new Map(graph.nodes.map((n) => [n.id, n.inputs.filter((i) => known.has(i))]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const cached = depth.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return -1;
    visiting.add(id);
    const ins = inputsOf.get(id) ?? [];
    const d = ins.length === 0 ? 0 : Math.max(...ins.map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const id of ids) depthOf(id);
  const deepest = Math.max(0, ...depth.values());
  const rowOf = (id: string) => {
    const d = depth.get(id) ?? -1;
    return d < 0 ? deepest + 1 : d;
  };
  // Sugiyama's dummy nodes: a wire spanning several rows holds a column slot in each row it crosses, so the
  // layers it bypasses (a residual block's convolutions) move aside and the wire stays visible.
  const rows: string[][] = [];
  const preds = new Map<string, string[]>();
  for (const id of ids) {
    (rows[rowOf(id)] ??= []).push(id);
    preds.set(id, []);
  }
  for (const id of ids) {
    for (const input of inputsOf.get(id) ?? []) {
      let prev = input;
      for (let r = rowOf(input) + 1; r < rowOf(id); r++) {
        const dummy = `\u0000${input}>${id}@${r}`;
        (rows[r] ??= []).push(dummy);
        preds.set(dummy, [prev]);
        prev = dummy;
      }
      preds.get(id)?.push(prev);
    }
  }
  const column = new Map<string, number>();
  const positions: Record<string, XY> = {};
  let y = 0;
  for (const row of rows) {
    if (!row) continue;
    const key = (id: string) => {
      const cols = (preds.get(id) ?? []).map((i) => column.get(i)).filter((c) => c !== undefined);
      return cols.length ? cols.reduce((a, b) => a + b, 0) / cols.length : 0;
    };
    const ordered = row.map((id, i) => ({ id, k: key(id), i })).sort((a, b) => a.k - b.k || a.i - b.i);
    ordered.forEach(({ id }, i) => {
      const c = i - (ordered.length - 1) / 2;
      column.set(id, c);
      if (known.has(id)) positions[id] = { x: Math.round(c * (NODE_WIDTH + COLUMN_GAP)), y };
    });
    y += Math.max(...row.map((id) => (known.has(id) ? (heights[id] ?? NODE_HEIGHT) : 0))) + ROW_GAP;
  }
  return positions;
}

/** Where a node added after `anchor` goes: one row below it. */
export function belowOf(anchor: XY | undefined, anchorHeight = NODE_HEIGHT): XY {
  return anchor ? { x: anchor.x, y: anchor.y + anchorHeight + ROW_GAP } : { x: 0, y: 0 };
}

export const ROW_STEP = NODE_HEIGHT + ROW_GAP;
