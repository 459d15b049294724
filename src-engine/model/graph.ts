/** A model: a DAG of layer nodes. Edges are each node's ordered `inputs` (order matters for Concatenate). */
export interface LayerNode {
  id: string;
  /** Keras layer name, unique within the model (conv2d, conv2d_1, …). */
  name: string;
  /** Keras class name, e.g. 'Conv2D'. */
  className: string;
  /** Parameter values in their JSON form, keyed by Filterbank's camelCase names. */
  params: Record<string, unknown>;
  /** Ids of the nodes whose outputs feed this node, in order. */
  inputs: string[];
}

/**
 * A named block of layers, summarised as Keras summarises a nested Sequential. Blocks nest: `nodeIds` lists every
 * layer inside the block, inner blocks' layers included, and `parent` names the enclosing block's id (absent at the
 * top level, so files saved before nesting load unchanged). The rules are checked in `group-tree.ts`.
 */
export interface LayerGroup {
  id: string;
  name: string;
  nodeIds: string[];
  parent?: string;
}

export interface ModelGraph {
  name: string;
  nodes: LayerNode[];
  groups?: LayerGroup[];
  /** The output node; when absent the single node nothing consumes. */
  output?: string;
}

/** Keras' `to_snake_case`, which names layers (MaxPooling2D → max_pooling2d). */
export function toSnakeCase(className: string): string {
  const intermediate = className.replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The next free Keras-style name for a class: conv2d, conv2d_1, conv2d_2, … */
export function uniqueLayerName(className: string, taken: Iterable<string>): string {
  const base = toSnakeCase(className);
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Builds a sequential chain, the common case, naming layers as Keras does. */
export function sequential(
  name: string,
  layers: readonly { className: string; params?: Record<string, unknown>; name?: string }[],
): ModelGraph {
  const nodes: LayerNode[] = [];
  for (const [i, l] of layers.entries()) {
    const layerName =
      l.name ??
      uniqueLayerName(
        l.className,
        nodes.map((n) => n.name),
      );
    nodes.push({
      id: `n${i}`,
      name: layerName,
      className: l.className,
      params: { ...(l.params ?? {}) },
      inputs: i === 0 ? [] : [`n${i - 1}`],
    });
  }
  return { name, nodes };
}
