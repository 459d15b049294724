import type { ModelGraph } from './graph';

export interface XY {
  x: number;
  y: number;
}

/** Node box the layout assumes when the canvas has not measured a node yet (the editor's node card). */
export const NODE_WIDTH = 260;
export const NODE_HEIGHT = 74;
/** Room between columns, wide enough for the feature-map thumbnail drawn beside a node (its own lane). */
export const COLUMN_GAP = 130;
export const ROW_GAP = 40;
/** Distance between the tops of two rows of unmeasured nodes. */
export const ROW_STEP = NODE_HEIGHT + ROW_GAP;

/**
 * The one layered layout (the editor's auto-layout and model import both use it), top to bottom: each node sits one
 * row below its deepest input (longest path), rows are ordered by the mean column of their inputs (one barycentre
 * sweep, long wires counted as dummy nodes), and rows are centred on x = 0. A chain therefore becomes one straight
 * column. Nodes in a cycle or fed by one (an invalid graph) go in a last row, so every node gets a position.
 * `heights` holds measured node heights; a node without one is NODE_HEIGHT tall.
 */
export function layeredLayout(graph: ModelGraph, heights: Readonly<Record<string, number>> = {}): Record<string, XY> {
  const ids = graph.nodes.map((n) => n.id);
  const known = new Set(ids);
  const inputsOf = new Map(graph.nodes.map((n) => [n.id, n.inputs.filter((i) => known.has(i) && i !== n.id)]));
  const depth = longestPathDepths(ids, inputsOf);
  let lastRow = 0;
  for (const d of depth.values()) lastRow = Math.max(lastRow, d + 1);
  const rowOf = (id: string) => {
    const d = depth.get(id) ?? -1;
    return d < 0 ? lastRow : d;
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
    let rowHeight = 0;
    for (const id of row) if (known.has(id)) rowHeight = Math.max(rowHeight, heights[id] ?? NODE_HEIGHT);
    y += rowHeight + ROW_GAP;
  }
  return positions;
}

/**
 * Each node's longest path from a node without inputs; -1 for a node in a cycle or downstream of one (a fixed
 * property of the node, cached like a depth). An explicit stack, not recursion: a chain of thousands of layers would
 * overflow the call stack.
 */
function longestPathDepths(
  ids: readonly string[],
  inputsOf: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  for (const root of ids) {
    if (depth.has(root)) continue;
    const stack = [root];
    while (stack.length > 0) {
      const id = stack[stack.length - 1];
      if (depth.has(id)) {
        stack.pop();
        continue;
      }
      const parents = inputsOf.get(id) ?? [];
      if (!visiting.has(id)) {
        visiting.add(id);
        // A parent being visited is an ancestor on the stack: a cycle, settled below as -1.
        for (const p of parents) if (!depth.has(p) && !visiting.has(p)) stack.push(p);
        continue;
      }
      let d = 0;
      for (const p of parents) {
        const pd = depth.get(p) ?? -1;
        if (pd < 0) {
          d = -1;
          break;
        }
        d = Math.max(d, pd + 1);
      }
      visiting.delete(id);
      depth.set(id, d);
      stack.pop();
    }
  }
  return depth;
}

export interface PaneSize {
  width: number;
  height: number;
}

/**
 * Cuts a top-to-bottom layout into `bands` side-by-side columns of consecutive rows (the first band on the left,
 * each starting at y = 0), so a long chain uses a wide screen instead of one tall column. The ids in each list of
 * `together` (a block's layers) stay in one band: a cut never falls between rows of one list, so a band may run long.
 */
export function wrapIntoBands(
  positions: Readonly<Record<string, XY>>,
  bands: number,
  together: readonly (readonly string[])[] = [],
  /** Extra room right of a band that holds one of `together` (the editor draws a block's frame there). */
  frameMargin = 0,
): Record<string, XY> {
  const ys = [...new Set(Object.values(positions).map((p) => p.y))].sort((a, b) => a - b);
  const rowOfY = new Map(ys.map((y, i) => [y, i]));
  // noCut[i]: a cut between row i and row i + 1 would split a block.
  const noCut = new Array<boolean>(ys.length).fill(false);
  for (const ids of together) {
    const rows = ids.flatMap((id) => (positions[id] ? [rowOfY.get(positions[id].y)!] : []));
    if (rows.length < 2) continue;
    for (let i = Math.min(...rows); i < Math.max(...rows); i++) noCut[i] = true;
  }
  const perBand = Math.max(1, Math.ceil(ys.length / Math.max(1, bands)));
  const bandOfRow: number[] = [];
  let band = 0;
  let rowsInBand = 0;
  for (let i = 0; i < ys.length; i++) {
    if (rowsInBand >= perBand && !noCut[i - 1]) {
      band++;
      rowsInBand = 0;
    }
    bandOfRow.push(band);
    rowsInBand++;
  }
  const ids = Object.keys(positions);
  const out: Record<string, XY> = {};
  let left = 0;
  for (let b = 0; b <= band; b++) {
    const members = ids.filter((id) => bandOfRow[rowOfY.get(positions[id].y)!] === b);
    if (members.length === 0) continue;
    const minX = Math.min(...members.map((id) => positions[id].x));
    const maxX = Math.max(...members.map((id) => positions[id].x + NODE_WIDTH));
    const top = ys[bandOfRow.indexOf(b)];
    for (const id of members) out[id] = { x: positions[id].x - minX + left, y: positions[id].y - top };
    const inBand = new Set(members);
    const framed = together.some((ids) => ids.some((id) => inBand.has(id)));
    left += maxX - minX + COLUMN_GAP + (framed ? frameMargin : 0);
  }
  return out;
}

/** Beyond this zoom a larger fit gains nothing (the editor's Fit stops there), so fewer bands win. */
const USEFUL_ZOOM = 1.1;

/**
 * The layered layout wrapped into as many bands as make it largest on a pane of this size (fewest bands on a tie):
 * a chain fills a wide canvas in a few columns and stays one column on a tall one.
 */
export function layoutForPane(
  graph: ModelGraph,
  pane: PaneSize,
  heights: Readonly<Record<string, number>> = {},
  together: readonly (readonly string[])[] = [],
  frameMargin = 0,
): Record<string, XY> {
  const single = layeredLayout(graph, heights);
  const rows = new Set(Object.values(single).map((p) => p.y)).size;
  let best = single;
  let bestZoom = 0;
  for (let bands = 1; bands <= Math.min(rows, 12); bands++) {
    const at = bands === 1 ? single : wrapIntoBands(single, bands, together, frameMargin);
    const ids = Object.keys(at);
    if (ids.length === 0) return at;
    const width = Math.max(...ids.map((id) => at[id].x + NODE_WIDTH)) - Math.min(...ids.map((id) => at[id].x));
    const height = Math.max(...ids.map((id) => at[id].y + (heights[id] ?? NODE_HEIGHT)));
    const zoom = Math.min(USEFUL_ZOOM, pane.width / width, pane.height / height);
    if (zoom > bestZoom * 1.02) {
      best = at;
      bestZoom = zoom;
    }
  }
  return best;
}
