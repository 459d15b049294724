import type { LayerGroup, ModelGraph } from '../../../src-engine';
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

/** Groups nodes into a named block. A node belongs to one block at most, so it leaves any block it was in. */
export function createGroup(
  graph: ModelGraph,
  nodeIds: readonly string[],
  name?: string,
): EditResult & { groupId?: string } {
  const ids = graph.nodes.map((n) => n.id).filter((id) => nodeIds.includes(id));
  if (ids.length === 0) return { error: 'Select the layers to group first' };
  const groupName = name ?? nextGroupName(graph);
  const groupId = freshIds(graph, 1, 'g')[0];
  const problem = nameProblem(graph, groupId, groupName);
  if (problem) return { error: problem };
  const others = (graph.groups ?? [])
    .map((g) => ({ ...g, nodeIds: g.nodeIds.filter((i) => !ids.includes(i)) }))
    .filter((g) => g.nodeIds.length > 0);
  return { graph: { ...graph, groups: [...others, { id: groupId, name: groupName, nodeIds: ids }] }, groupId };
}

export function renameGroup(graph: ModelGraph, groupId: string, name: string): EditResult {
  if (!graph.groups?.some((g) => g.id === groupId)) return { error: 'That block no longer exists' };
  const problem = nameProblem(graph, groupId, name);
  if (problem) return { error: problem };
  return { graph: { ...graph, groups: graph.groups.map((g) => (g.id === groupId ? { ...g, name } : g)) } };
}

export function ungroup(graph: ModelGraph, groupId: string): ModelGraph {
  const groups = (graph.groups ?? []).filter((g) => g.id !== groupId);
  const next: ModelGraph = { ...graph, groups };
  if (groups.length === 0) delete next.groups;
  return next;
}
