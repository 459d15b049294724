import { uniqueLayerName, type LayerNode } from '../../../src-engine';
import type { XY } from './auto-layout';
import { freshIds, layerNames } from './graph-edits';
import { nextGroupName } from './group-edits';
import type { EditorDoc } from './project-io';

/** Copied layers: their wiring among themselves, positions and any blocks copied whole. */
export interface Clipboard {
  nodes: readonly LayerNode[];
  layout: Readonly<Record<string, XY>>;
  /** `parent`: the index of the enclosing copied block, when the block was inside one that was copied too. */
  groups: readonly { name: string; nodeIds: readonly string[]; parent?: number }[];
}

export function copyNodes(doc: EditorDoc, ids: readonly string[]): Clipboard | null {
  const chosen = new Set(ids);
  const nodes = doc.graph.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return null;
  const layout: Record<string, XY> = {};
  for (const n of nodes) if (doc.layout[n.id]) layout[n.id] = doc.layout[n.id];
  const whole = (doc.graph.groups ?? []).filter((g) => g.nodeIds.every((i) => chosen.has(i)));
  const indexOf = new Map(whole.map((g, i) => [g.id, i]));
  const groups = whole.map((g) => {
    const parent = g.parent === undefined ? undefined : indexOf.get(g.parent);
    return { name: g.name, nodeIds: [...g.nodeIds], ...(parent === undefined ? {} : { parent }) };
  });
  return {
    nodes: nodes.map((n) => ({ ...n, params: structuredClone(n.params), inputs: [...n.inputs] })),
    layout,
    groups,
  };
}

/**
 * Adds copies of the clipboard's layers with fresh ids and Keras names. Wires between copied layers are kept;
 * wires from layers outside the copy are dropped, so a paste never rewires the existing model.
 */
export function pasteNodes(doc: EditorDoc, clip: Clipboard, offset: XY): { doc: EditorDoc; ids: string[] } {
  const ids = freshIds(doc.graph, clip.nodes.length);
  const idMap = new Map(clip.nodes.map((n, i) => [n.id, ids[i]]));
  const taken = layerNames(doc.graph);
  const copies = clip.nodes.map((n) => {
    const name = uniqueLayerName(n.className, taken);
    taken.push(name);
    return {
      ...n,
      id: idMap.get(n.id) as string,
      name,
      params: structuredClone(n.params),
      inputs: n.inputs.filter((i) => idMap.has(i)).map((i) => idMap.get(i) as string),
    };
  });
  let graph = { ...doc.graph, nodes: [...doc.graph.nodes, ...copies] };
  const groupIds = freshIds(graph, clip.groups.length, 'g');
  for (const [k, g] of clip.groups.entries()) {
    const group = {
      id: groupIds[k],
      name: nextGroupName(graph, g.name),
      nodeIds: g.nodeIds.map((i) => idMap.get(i) as string),
      ...(g.parent === undefined ? {} : { parent: groupIds[g.parent] }),
    };
    graph = { ...graph, groups: [...(graph.groups ?? []), group] };
  }
  const layout = { ...doc.layout };
  clip.nodes.forEach((n, i) => {
    const at = clip.layout[n.id] ?? { x: 0, y: 0 };
    layout[ids[i]] = { x: at.x + offset.x, y: at.y + offset.y };
  });
  return { doc: { ...doc, graph, layout }, ids };
}
