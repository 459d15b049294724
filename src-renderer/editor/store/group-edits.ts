import {
  ancestorsOf,
  groupDepths,
  groupWithDescendants,
  groupTreeProblem,
  type LayerGroup,
  type ModelGraph,
} from '../../../src-engine';
import { freshIds, layerNames, nameProblem, type EditResult } from './graph-edits';

/** The next free block name: block, block_1, … (unique among layers and blocks, as Keras requires). */
export function nextGroupName(graph: ModelGraph, base = 'block'): string {
  const taken = new Set(layerNames(graph));
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function groupOf(graph: ModelGraph, nodeId: string): LayerGroup | undefined {
  return graph.groups?.find((g) => g.nodeIds.includes(nodeId));
}

/**
 * Groups the selected layers and blocks into a named block. Whole blocks in the selection go inside it, as a nested
 * Sequential inside a Sequential; the new block sits in the innermost block around all it holds. A block the
 * selection only partly covers gives up the selected layers, as a layer has one innermost block.
 */
export function createGroup(
  graph: ModelGraph,
  nodeIds: readonly string[],
  name?: string,
  groupIds: readonly string[] = [],
): EditResult & { groupId?: string } {
  const wanted = new Set(nodeIds);
  const all = graph.groups ?? [];
  for (const g of all) if (groupIds.includes(g.id)) for (const id of g.nodeIds) wanted.add(id);
  const ids = graph.nodes.map((n) => n.id).filter((id) => wanted.has(id));
  if (ids.length === 0) return { error: 'Select the layers to group first' };
  const groupName = name ?? nextGroupName(graph);
  const groupId = freshIds(graph, 1, 'g')[0];
  const problem = nameProblem(graph, groupId, groupName);
  if (problem) return { error: problem };
  const inNew = new Set(ids);
  const within = (g: LayerGroup) => g.nodeIds.every((id) => inNew.has(id));
  const depth = groupDepths(all);
  // The deepest block holding everything selected, other than a selected block or one inside it, is the parent.
  const inSelected = new Set(groupIds.flatMap((id) => groupWithDescendants(all, id)));
  const parent = all
    .filter((g) => !inSelected.has(g.id) && ids.every((id) => g.nodeIds.includes(id)))
    .reduce<LayerGroup | undefined>(
      (best, g) => (!best || depth.get(g.id)! > depth.get(best.id)! ? g : best),
      undefined,
    );
  const enclosing = new Set(parent ? [parent.id, ...ancestorsOf(all, parent.id)] : []);
  const groups = all.flatMap((g): LayerGroup[] => {
    if (enclosing.has(g.id)) return [g];
    if (within(g)) {
      // Blocks inside the selection move in with it; their own inner blocks keep their parents.
      const parentInside = g.parent !== undefined && all.some((p) => p.id === g.parent && within(p));
      return [parentInside ? g : { ...g, parent: groupId }];
    }
    const left = g.nodeIds.filter((id) => !inNew.has(id));
    return left.length === 0 ? [] : [{ ...g, nodeIds: left }];
  });
  const created: LayerGroup = { id: groupId, name: groupName, nodeIds: ids, ...(parent ? { parent: parent.id } : {}) };
  const next = { ...graph, groups: [...groups, created] };
  const treeProblem = groupTreeProblem(next);
  if (treeProblem) return { error: treeProblem };
  return { graph: next, groupId };
}

export function renameGroup(graph: ModelGraph, groupId: string, name: string): EditResult {
  if (!graph.groups?.some((g) => g.id === groupId)) return { error: 'That block no longer exists' };
  const problem = nameProblem(graph, groupId, name);
  if (problem) return { error: problem };
  return { graph: { ...graph, groups: graph.groups.map((g) => (g.id === groupId ? { ...g, name } : g)) } };
}

/** Removes one level: the block goes, and the blocks directly inside it move up to its parent. */
export function ungroup(graph: ModelGraph, groupId: string): ModelGraph {
  const removed = graph.groups?.find((g) => g.id === groupId);
  const groups = (graph.groups ?? [])
    .filter((g) => g.id !== groupId)
    .map((g): LayerGroup => {
      if (g.parent !== groupId) return g;
      const { parent: _old, ...rest } = g;
      return removed?.parent ? { ...rest, parent: removed.parent } : rest;
    });
  const next: ModelGraph = { ...graph, groups };
  if (groups.length === 0) delete next.groups;
  return next;
}

/** What a block holds one level down: the blocks directly inside it, and its layers outside those. */
export function directContents(graph: ModelGraph, groupId: string): { nodeIds: string[]; groupIds: string[] } {
  const g = graph.groups?.find((x) => x.id === groupId);
  if (!g) return { nodeIds: [], groupIds: [] };
  const children = (graph.groups ?? []).filter((c) => c.parent === groupId);
  const inChild = new Set(children.flatMap((c) => c.nodeIds));
  return { nodeIds: g.nodeIds.filter((id) => !inChild.has(id)), groupIds: children.map((c) => c.id) };
}
