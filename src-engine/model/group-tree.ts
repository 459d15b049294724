import type { LayerGroup, ModelGraph } from './graph';

/**
 * Blocks inside blocks, at most this deep. Keras sets no limit; real models nest two or three Sequentials, and a
 * bound keeps a hostile file from making every walk up the tree long.
 */
export const MAX_BLOCK_DEPTH = 8;

type Groups = readonly LayerGroup[];

/** Each block's depth: 1 for a top-level block. Assumes the tree is valid (`groupTreeProblem` is null). */
export function groupDepths(groups: Groups): Map<string, number> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const depth = new Map<string, number>();
  const depthOf = (g: LayerGroup): number => {
    const known = depth.get(g.id);
    if (known !== undefined) return known;
    const parent = g.parent === undefined ? undefined : byId.get(g.parent);
    const d = parent ? depthOf(parent) + 1 : 1;
    depth.set(g.id, d);
    return d;
  };
  for (const g of groups) depthOf(g);
  return depth;
}

/** The innermost block holding each layer (node id → block). */
export function innermostGroups(groups: Groups): Map<string, LayerGroup> {
  const depth = groupDepths(groups);
  const out = new Map<string, LayerGroup>();
  for (const g of groups) {
    for (const id of g.nodeIds) {
      const seen = out.get(id);
      if (!seen || (depth.get(seen.id) ?? 0) < (depth.get(g.id) ?? 0)) out.set(id, g);
    }
  }
  return out;
}

/** The block and every block inside it, at any depth. */
export function groupWithDescendants(groups: Groups, groupId: string): string[] {
  const out = [groupId];
  for (let i = 0; i < out.length; i++) for (const g of groups) if (g.parent === out[i]) out.push(g.id);
  return out;
}

/** The blocks enclosing `groupId`, nearest first. */
export function ancestorsOf(groups: Groups, groupId: string): string[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const out: string[] = [];
  for (let g = byId.get(groupId)?.parent; g !== undefined && !out.includes(g); g = byId.get(g)?.parent) out.push(g);
  return out;
}

/**
 * Why a graph's blocks do not form a tree, or null. A saved file is untrusted: every id must exist, a parent chain
 * must end (no cycle) within MAX_BLOCK_DEPTH, an inner block's layers must lie inside its parent, and two blocks
 * share layers only when one is inside the other (a layer has one innermost block).
 */
export function groupTreeProblem(graph: Pick<ModelGraph, 'nodes' | 'groups'>): string | null {
  const groups = graph.groups ?? [];
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const byId = new Map<string, LayerGroup>();
  // A valid tree lists each layer at most MAX_BLOCK_DEPTH times; more is refused before any per-layer work.
  if (groups.reduce((n, g) => n + g.nodeIds.length, 0) > nodes.size * MAX_BLOCK_DEPTH)
    return `The blocks list more layers than the model holds: a layer belongs to one block and the blocks around it`;
  for (const g of groups) {
    if (byId.has(g.id)) return `Two blocks have the id "${g.id}": give each block its own id`;
    byId.set(g.id, g);
  }
  for (const g of groups) {
    if (g.nodeIds.length === 0) return `Block ${g.name} holds no layers: remove it or add layers to it`;
    const unknown = g.nodeIds.find((id) => !nodes.has(id));
    if (unknown !== undefined) return `Block ${g.name} lists layer id "${unknown}", which is not in the model`;
    if (new Set(g.nodeIds).size !== g.nodeIds.length) return `Block ${g.name} lists a layer twice`;
    if (g.parent !== undefined && !byId.has(g.parent))
      return `Block ${g.name}'s parent "${g.parent}" is not a block of this model`;
  }
  for (const g of groups) {
    const chain = [g.id];
    for (let p = g.parent; p !== undefined; p = byId.get(p)?.parent) {
      if (chain.includes(p)) return `Block ${g.name} is inside itself (its parents form a cycle)`;
      chain.push(p);
      if (chain.length > MAX_BLOCK_DEPTH)
        return `Block ${g.name} is nested more than ${MAX_BLOCK_DEPTH} blocks deep: ungroup some of the outer blocks`;
    }
  }
  for (const g of groups) {
    if (g.parent === undefined) continue;
    const parent = byId.get(g.parent) as LayerGroup;
    const inParent = new Set(parent.nodeIds);
    const outside = g.nodeIds.find((id) => !inParent.has(id));
    if (outside !== undefined)
      return `Block ${g.name} holds layer "${outside}", which is outside its parent ${parent.name}`;
  }
  // Every block holding a layer, deepest last, must be a chain of parents: else the layer has two innermost blocks.
  const depth = groupDepths(groups);
  const holders = new Map<string, LayerGroup[]>();
  for (const g of groups) {
    for (const id of g.nodeIds) {
      const list = holders.get(id);
      if (list) list.push(g);
      else holders.set(id, [g]);
    }
  }
  for (const [id, list] of holders) {
    list.sort((a, b) => (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0));
    for (let i = 1; i < list.length; i++) {
      if (list[i].parent !== list[i - 1].id)
        return `Layer "${id}" is in blocks ${list[i - 1].name} and ${list[i].name}, neither inside the other`;
    }
  }
  return null;
}
