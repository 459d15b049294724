import { getLayer } from '../layers';
import { normaliseParams } from '../layers/params';
import type { GraphEdit, Shape, WeightSpec } from '../layers/types';
import { sizeOf } from '../core/tensor';
import type { Diagnostic } from './diagnostics';
import type { LayerNode, ModelGraph } from './graph';
import { activationProblem, layerParamsProblem, modelParamsProblem } from './limits';

export interface NodeInference {
  node: LayerNode;
  /** Normalised parameter values, or null when some are invalid. */
  params: Record<string, unknown> | null;
  inputShapes: Shape[];
  /** Output shape without the batch axis; null when it cannot be known (an error here or upstream). */
  outputShape: Shape | null;
  weights: WeightSpec[];
  trainableParams: number;
  nonTrainableParams: number;
}

export interface GraphInference {
  nodes: Map<string, NodeInference>;
  /** Node ids in a topological order (nodes inside cycles are left out). */
  order: string[];
  inputIds: string[];
  outputId: string | null;
  diagnostics: Diagnostic[];
  /** True when the model has no error diagnostics: it can be built and trained. */
  valid: boolean;
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

function countParams(weights: readonly WeightSpec[], trainable: boolean): number {
  return weights.filter((w) => w.trainable === trainable).reduce((n, w) => n + sizeOf(w.shape), 0);
}

/** Errors for a layer whose weights or output are too large to train (limits.ts has the arithmetic). */
function checkSize(info: NodeInference, shape: Shape, diagnostics: Diagnostic[]): void {
  const { id, name } = info.node;
  const tooLarge = [
    layerParamsProblem(
      name,
      info.trainableParams + info.nonTrainableParams,
      info.weights.map((w) => w.shape),
    ),
    activationProblem(name, shape),
  ];
  for (const p of tooLarge)
    if (p)
      diagnostics.push({
        severity: 'error',
        code: 'too-large',
        nodeId: id,
        layer: name,
        message: p.message,
        arithmetic: p.arithmetic,
      });
}

/** Node id → ids of the nodes it feeds, in node order (only inputs in `known`). */
function consumersOf(nodes: readonly LayerNode[], known?: ReadonlySet<string>): Map<string, string[]> {
  const consumers = new Map<string, string[]>();
  for (const n of nodes) {
    for (const i of n.inputs) {
      if (known && !known.has(i)) continue;
      const list = consumers.get(i);
      if (list) list.push(n.id);
      else consumers.set(i, [n.id]);
    }
  }
  return consumers;
}

/** Kahn's algorithm; returns the order and the ids left in cycles. */
function topologicalOrder(nodes: readonly LayerNode[], known: Set<string>): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>();
  const consumers = consumersOf(nodes, known);
  for (const n of nodes) indegree.set(n.id, n.inputs.filter((i) => known.has(i)).length);
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  // A queue read by index: shift() would make a wide graph quadratic.
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head];
    order.push(id);
    for (const c of consumers.get(id) ?? []) {
      const d = (indegree.get(c) ?? 0) - 1;
      indegree.set(c, d);
      if (d === 0) ready.push(c);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/**
 * Infers every node's output shape and parameter count with Keras' arithmetic. Pure and synchronous: the editor
 * calls it on every keystroke. It never throws on user input; everything wrong becomes a diagnostic.
 */
export function inferShapes(graph: ModelGraph): GraphInference {
  const diagnostics: Diagnostic[] = [];
  const nodes = new Map<string, NodeInference>();
  const byId = new Map<string, LayerNode>();
  const seenNames = new Map<string, string>();
  for (const n of graph.nodes) {
    if (byId.has(n.id)) {
      diagnostics.push({
        severity: 'error',
        code: 'duplicate-id',
        nodeId: n.id,
        layer: n.name,
        message: `Two nodes share the id '${n.id}'`,
      });
      continue;
    }
    byId.set(n.id, n);
    const other = seenNames.get(n.name);
    if (other !== undefined) {
      diagnostics.push({
        severity: 'error',
        code: 'duplicate-name',
        nodeId: n.id,
        layer: n.name,
        param: 'name',
        message: `The name '${n.name}' is used by two layers; Keras needs unique layer names: rename one`,
      });
    }
    seenNames.set(n.name, n.id);
  }
  const unique = [...byId.values()];
  if (unique.length === 0)
    diagnostics.push({
      severity: 'error',
      code: 'empty',
      message: 'The model has no layers: add an InputLayer and connect layers to it',
    });

  const known = new Set(byId.keys());
  for (const n of unique) {
    for (const i of n.inputs) {
      if (!known.has(i)) {
        diagnostics.push({
          severity: 'error',
          code: 'missing-input-node',
          nodeId: n.id,
          layer: n.name,
          message: `${n.name} is connected to a node '${i}' that does not exist: reconnect its input`,
        });
      }
    }
  }
  const { order, cyclic } = topologicalOrder(unique, known);
  for (const id of cyclic) {
    const n = byId.get(id) as LayerNode;
    diagnostics.push({
      severity: 'error',
      code: 'cycle',
      nodeId: id,
      layer: n.name,
      message:
        `${n.name} is part of a cycle: a layer's output cannot flow back into its own input; remove one of ` +
        `the connections in the loop`,
    });
  }

  for (const id of order) {
    const node = byId.get(id) as LayerNode;
    const def = getLayer(node.className);
    const info: NodeInference = {
      node,
      params: null,
      inputShapes: [],
      outputShape: null,
      weights: [],
      trainableParams: 0,
      nonTrainableParams: 0,
    };
    nodes.set(id, info);
    if (!def) {
      diagnostics.push({
        severity: 'error',
        code: 'unknown-layer',
        nodeId: id,
        layer: node.name,
        message: `Unknown layer type '${node.className}'`,
      });
      continue;
    }
    const { values, issues } = normaliseParams(def.params, node.params);
    for (const issue of issues) {
      diagnostics.push({
        severity: 'error',
        code: 'invalid-param',
        nodeId: id,
        layer: node.name,
        param: issue.param,
        message: `${node.name}: ${issue.message}`,
      });
    }
    info.params = values;
    const inputIds = node.inputs.filter((i) => known.has(i));
    if (inputIds.length < def.inputs.min || inputIds.length > def.inputs.max) {
      const want = def.inputs.min === def.inputs.max ? `${def.inputs.min}` : `${def.inputs.min} to ${def.inputs.max}`;
      diagnostics.push({
        severity: 'error',
        code: 'arity',
        nodeId: id,
        layer: node.name,
        message:
          def.inputs.max === 0
            ? `${node.name} is an InputLayer and cannot have inputs: remove the connection into it`
            : inputIds.length === 0
              ? `${node.name} has no input: connect a layer to it`
              : `${node.name} (${def.className}) takes ${want} ` +
                `input${def.inputs.max === 1 ? '' : 's'} but has ${inputIds.length}`,
      });
      continue;
    }
    const upstream = inputIds.map((i) => nodes.get(i)?.outputShape ?? null);
    if (!values || upstream.some((s) => s === null)) continue;
    info.inputShapes = upstream as Shape[];
    const result = def.computeOutputShape(info.inputShapes, values);
    if ('problem' in result) {
      const p = result.problem;
      diagnostics.push({
        severity: 'error',
        code: 'shape',
        nodeId: id,
        layer: node.name,
        param: p.param,
        arithmetic: p.arithmetic,
        message: `${node.name}: ${p.message}`,
        fixes: p.fixes?.map((f) => ({ label: f.label, edit: { ...f.edit, nodeId: id } as GraphEdit })),
      });
      continue;
    }
    info.outputShape = result.shape;
    info.weights = def.weights(info.inputShapes, values);
    info.trainableParams = countParams(info.weights, true);
    info.nonTrainableParams = countParams(info.weights, false);
    checkSize(info, result.shape, diagnostics);
  }

  const inputIds = order.filter((id) => byId.get(id)?.className === 'InputLayer');
  if (unique.length > 0 && inputIds.length === 0) {
    diagnostics.push({
      severity: 'error',
      code: 'no-input',
      message: 'The model has no InputLayer: add one and connect the first layer to it',
    });
  }
  reportDisconnected(unique, inputIds, diagnostics);
  const outputId = chooseOutput(graph, unique, order, diagnostics);
  if (outputId) checkOutputRank(nodes, outputId, diagnostics);

  let trainable = 0;
  let nonTrainable = 0;
  let largest: { name: string; params: number } | null = null;
  for (const n of nodes.values()) {
    trainable += n.trainableParams;
    nonTrainable += n.nonTrainableParams;
    const params = n.trainableParams + n.nonTrainableParams;
    if (params > (largest?.params ?? 0)) largest = { name: n.node.name, params };
  }
  const tooMany = modelParamsProblem(trainable + nonTrainable, largest);
  if (tooMany && !diagnostics.some((d) => d.code === 'too-large'))
    diagnostics.push({ severity: 'error', code: 'too-large', layer: largest?.name, message: tooMany });
  return {
    nodes,
    order,
    inputIds,
    outputId,
    diagnostics,
    valid: !diagnostics.some((d) => d.severity === 'error'),
    totalParams: trainable + nonTrainable,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
  };
}

function reportDisconnected(nodes: readonly LayerNode[], inputIds: readonly string[], diagnostics: Diagnostic[]): void {
  const consumers = consumersOf(nodes);
  const reached = new Set<string>();
  const stack = [...inputIds];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const c of consumers.get(id) ?? []) stack.push(c);
  }
  for (const n of nodes) {
    if (reached.has(n.id) || (n.inputs.length === 0 && n.className !== 'InputLayer') || inputIds.length === 0) continue;
    diagnostics.push({
      severity: 'error',
      code: 'disconnected',
      nodeId: n.id,
      layer: n.name,
      message: `${n.name} is not connected to any InputLayer: connect its input chain to the model input`,
    });
  }
}

function chooseOutput(
  graph: ModelGraph,
  nodes: readonly LayerNode[],
  order: readonly string[],
  diagnostics: Diagnostic[],
): string | null {
  if (graph.output !== undefined) {
    if (nodes.some((n) => n.id === graph.output)) return graph.output;
    diagnostics.push({
      severity: 'error',
      code: 'missing-input-node',
      message: `The model output names a node '${graph.output}' that does not exist: choose an output layer`,
    });
    return null;
  }
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const sinks = order.filter((id) => !consumed.has(id));
  if (sinks.length <= 1) return sinks[0] ?? null;
  // The deepest sink is the output; the others are layers whose result goes nowhere.
  const output = sinks[sinks.length - 1];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outName = byId.get(output)?.name;
  for (const id of sinks.slice(0, -1)) {
    const n = byId.get(id) as LayerNode;
    diagnostics.push({
      severity: 'error',
      code: 'unused-output',
      nodeId: id,
      layer: n.name,
      message:
        `${n.name}'s output is not used: the model has one output ` +
        `(${outName}); connect ${n.name} onward or delete it`,
      fixes: [{ label: `Delete ${n.name}`, edit: { kind: 'removeNode', nodeId: id } }],
    });
  }
  return output;
}

function checkOutputRank(nodes: ReadonlyMap<string, NodeInference>, outputId: string, diagnostics: Diagnostic[]): void {
  const out = nodes.get(outputId);
  if (!out?.outputShape || out.outputShape.length === 1 || out.node.className === 'InputLayer') return;
  // Walk back through the classifier head to the first Dense that sees an unflattened tensor.
  let firstDense: string | undefined;
  for (
    let n: NodeInference | undefined = out;
    n && getLayer(n.node.className)?.traits.classifierHead;
    n = nodes.get(n.node.inputs[0])
  ) {
    if (getLayer(n.node.className)?.traits.classifierHead === 'dense') firstDense = n.node.id;
    if (n.node.inputs.length !== 1) break;
  }
  diagnostics.push({
    severity: 'warning',
    code: 'output-rank',
    nodeId: out.node.id,
    layer: out.node.name,
    message:
      `The model output is (None, ${out.outputShape.join(', ')}); a classifier's output is (None, ` +
      `classes): add Flatten or GlobalAveragePooling2D before the first Dense`,
    fixes: firstDense
      ? [
          {
            label: 'Insert Flatten before the first Dense',
            edit: { kind: 'insertBefore', nodeId: firstDense, className: 'Flatten' },
          },
        ]
      : undefined,
  });
}
