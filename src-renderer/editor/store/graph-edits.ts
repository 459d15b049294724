import {
  getLayer,
  defaultParams,
  type GraphEdit,
  uniqueLayerName,
  type LayerNode,
  type ModelGraph,
  nameRuleProblem,
} from '../../../src-engine';

/**
 * Pure edits of a ModelGraph. Each returns a new graph (never mutates) so the store can keep old graphs for undo
 * and compare references to know what changed.
 */

export type EditResult = { graph: ModelGraph } | { error: string };

/** The smallest `n<k>` id not used by a node or group. */
export function freshIds(graph: ModelGraph, count: number, prefix = 'n'): string[] {
  const taken = new Set([...graph.nodes.map((n) => n.id), ...(graph.groups ?? []).map((g) => g.id)]);
  const ids: string[] = [];
  for (let k = 0; ids.length < count; k++) if (!taken.has(`${prefix}${k}`)) ids.push(`${prefix}${k}`);
  return ids;
}

export function layerNames(graph: ModelGraph): string[] {
  return [...graph.nodes.map((n) => n.name), ...(graph.groups ?? []).map((g) => g.name)];
}

/** A new node with the layer's default parameters and the next free Keras name; not yet in the graph. */
export function createNode(graph: ModelGraph, className: string, params?: Record<string, unknown>): LayerNode {
  const def = getLayer(className);
  if (!def) throw new Error(`Unknown layer type '${className}'`);
  return {
    id: freshIds(graph, 1)[0],
    name: uniqueLayerName(className, layerNames(graph)),
    className,
    params: { ...defaultParams(def.params), ...(params ?? {}) },
    inputs: [],
  };
}

const acceptsInput = (className: string) => (getLayer(className)?.inputs.max ?? 0) > 0;

export function consumersOf(graph: ModelGraph, id: string): LayerNode[] {
  return graph.nodes.filter((n) => n.inputs.includes(id));
}

/**
 * Adds a node; with `after`, feeds it from that node and moves that node's consumers onto it (insertion in a chain).
 */
export function addNode(graph: ModelGraph, node: LayerNode, after?: string): ModelGraph {
  if (!after || !acceptsInput(node.className) || !graph.nodes.some((n) => n.id === after)) {
    return { ...graph, nodes: [...graph.nodes, node] };
  }
  const nodes = graph.nodes.map((n) =>
    n.inputs.includes(after) ? { ...n, inputs: n.inputs.map((i) => (i === after ? node.id : i)) } : n,
  );
  return { ...graph, nodes: [...nodes, { ...node, inputs: [after] }] };
}

/** Whether a path from → … → to exists along the wires. */
function reaches(graph: ModelGraph, from: string, to: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const c of consumersOf(graph, id)) stack.push(c.id);
  }
  return false;
}

/** Why a connection source → target cannot be made, or null when it can. */
export function connectionProblem(graph: ModelGraph, source: string, target: string): string | null {
  const s = graph.nodes.find((n) => n.id === source);
  const t = graph.nodes.find((n) => n.id === target);
  if (!s || !t) return 'Both ends of a connection must be layers in the model';
  if (source === target) return `${t.name} cannot take its own output as input`;
  const def = getLayer(t.className);
  if (def && def.inputs.max === 0) return `${t.name} is an InputLayer and takes no inputs`;
  if (t.inputs.includes(source)) return `${s.name} is already connected to ${t.name}`;
  if (reaches(graph, target, source))
    return `Connecting ${s.name} → ${t.name} would make a cycle: ${t.name} already feeds ${s.name}`;
  if (def && t.inputs.length >= def.inputs.max && def.inputs.max > 1)
    return `${t.name} (${t.className}) takes at most ${def.inputs.max} inputs`;
  return null;
}

/**
 * Connects source → target. A single-input layer that already has an input gets the new one instead
 * (dragging a new wire onto an occupied input replaces it); merge layers append, keeping input order.
 */
export function connect(graph: ModelGraph, source: string, target: string): EditResult {
  const problem = connectionProblem(graph, source, target);
  if (problem) return { error: problem };
  const max = getLayer(graph.nodes.find((n) => n.id === target)?.className ?? '')?.inputs.max ?? 1;
  return {
    graph: {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id !== target ? n : { ...n, inputs: max === 1 ? [source] : [...n.inputs, source] },
      ),
    },
  };
}

/** Removes the `index`-th input of target (or its first input from source when index is omitted). */
export function disconnect(graph: ModelGraph, source: string, target: string, index?: number): ModelGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== target) return n;
      const at = index !== undefined && n.inputs[index] === source ? index : n.inputs.indexOf(source);
      return at < 0 ? n : { ...n, inputs: n.inputs.filter((_, i) => i !== at) };
    }),
  };
}

/**
 * Removes nodes. A removed node with exactly one input is bridged: its consumers take that input instead, so
 * deleting a layer from the middle of a chain keeps the chain connected.
 */
export function removeNodes(graph: ModelGraph, ids: readonly string[]): ModelGraph {
  let nodes = graph.nodes;
  for (const id of ids) {
    const gone = nodes.find((n) => n.id === id);
    if (!gone) continue;
    const bridge = gone.inputs.length === 1 ? gone.inputs[0] : null;
    nodes = nodes
      .filter((n) => n.id !== id)
      .map((n) => {
        if (!n.inputs.includes(id)) return n;
        const inputs =
          bridge && !n.inputs.includes(bridge)
            ? n.inputs.map((i) => (i === id ? bridge : i))
            : n.inputs.filter((i) => i !== id);
        return { ...n, inputs };
      });
  }
  const kept = new Set(nodes.map((n) => n.id));
  const groups = graph.groups
    ?.map((g) => ({ ...g, nodeIds: g.nodeIds.filter((i) => kept.has(i)) }))
    .filter((g) => g.nodeIds.length > 0);
  const next: ModelGraph = { ...graph, nodes, groups };
  if (next.output !== undefined && !kept.has(next.output)) delete next.output;
  if (!groups?.length) delete next.groups;
  return next;
}

export function setParams(graph: ModelGraph, id: string, patch: Record<string, unknown>): ModelGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...patch } } : n)) };
}

/**
 * Why `name` cannot name node/group `ownId`, or null. Names must be unique among layers and groups (Keras needs it).
 */
export function nameProblem(graph: ModelGraph, ownId: string, name: string): string | null {
  const ruleProblem = nameRuleProblem(name);
  if (ruleProblem) return ruleProblem;
  const clash =
    graph.nodes.find((n) => n.name === name && n.id !== ownId) ??
    graph.groups?.find((g) => g.name === name && g.id !== ownId);
  return clash
    ? `'${name}' is already the name of another ${'className' in clash ? `layer (${clash.className})` : 'block'}`
    : null;
}

export function renameNode(graph: ModelGraph, id: string, name: string): EditResult {
  const problem = nameProblem(graph, id, name);
  if (problem) return { error: problem };
  return { graph: { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, name } : n)) } };
}

/** Inserts `node` between target and its first input (the diagnostic fix "insert Flatten before dense"). */
export function insertBefore(graph: ModelGraph, targetId: string, node: LayerNode): ModelGraph {
  const target = graph.nodes.find((n) => n.id === targetId);
  if (!target) return graph;
  const upstream = target.inputs[0];
  const inserted = { ...node, inputs: upstream !== undefined ? [upstream] : [] };
  const nodes = graph.nodes.flatMap((n) => {
    if (n.id !== targetId) return [n];
    return [inserted, { ...n, inputs: upstream !== undefined ? [node.id, ...n.inputs.slice(1)] : [node.id] }];
  });
  // The inserted layer belongs to the target's block, so a block keeps its aggregate meaning.
  const groups = graph.groups?.map((g) =>
    g.nodeIds.includes(targetId) ? { ...g, nodeIds: [...g.nodeIds, node.id] } : g,
  );
  return groups ? { ...graph, nodes, groups } : { ...graph, nodes };
}

/** Applies a diagnostic's one-click fix; returns the new graph and the id of any node it created. */
export function applyGraphEdit(graph: ModelGraph, edit: GraphEdit): { graph: ModelGraph; createdId?: string } {
  switch (edit.kind) {
    case 'setParam':
      return { graph: setParams(graph, edit.nodeId, { [edit.param]: edit.value }) };
    case 'removeNode':
      return { graph: removeNodes(graph, [edit.nodeId]) };
    case 'insertBefore': {
      const node = createNode(graph, edit.className, edit.params);
      return { graph: insertBefore(graph, edit.nodeId, node), createdId: node.id };
    }
  }
}
