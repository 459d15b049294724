import { createReferenceOps } from '../autograd/reference-ops';
import type { ActivationName } from '../core/activations';
import { shapesEqual, sizeOf, tensor, type Tensor } from '../core/tensor';
import { compileModel, ModelInvalidError, runForward } from './executor';
import type { ModelGraph } from './graph';
import type { WeightMap } from './project-file';

/**
 * Every node's output for one image, from the reference engine's forward pass (inference mode), so the Explain view
 * can show a product-sum on the exact values a layer received and check it against the engine's own output.
 * Platform-neutral: the renderer runs it on the pinned sample. `image` is (H, W, C), already scaled as the model
 * sees it; `upTo` runs only the layers that node depends on. A model that does not build, or weights that do not fit
 * it, give a problem that says which.
 */
export function layerActivations(
  graph: ModelGraph,
  weights: WeightMap,
  image: Float32Array,
  upTo?: string,
): { outputs: Map<string, Tensor> } | { problem: string } {
  let model;
  try {
    model = compileModel(upTo ? ancestors(graph, upTo) : graph);
  } catch (e) {
    if (e instanceof ModelInvalidError) return { problem: `the model does not build: ${e.message}` };
    throw e;
  }
  for (const layer of model.layers)
    for (const w of layer.weights) {
      const t = weights.get(layer.id)?.get(w.name);
      if (!t || !shapesEqual(t.shape, w.shape))
        return {
          problem:
            `${layer.name}'s ${w.name} ${t ? `is (${t.shape.join(', ')}) but the layer needs` : 'is missing, needs'} ` +
            `(${w.shape.join(', ')}): train the model again after editing it`,
        };
    }
  const size = sizeOf(model.inputShape);
  if (image.length !== size)
    return {
      problem: `the image has ${image.length} values but the input (${model.inputShape.join(', ')}) takes ${size}`,
    };
  const capture = new Set(model.layers.map((l) => l.id));
  const ops = createReferenceOps();
  const { captured } = runForward(model, ops, tensor([1, ...model.inputShape], image), weights, {
    training: false,
    capture,
  });
  return { outputs: captured };
}

/** One value through an activation, by the engine's own kernel. */
export function activate(name: ActivationName, x: number): number {
  return createReferenceOps().activation(tensor([1], [x]), name).values[0];
}

/** The part of a graph that `nodeId` depends on, with `nodeId` as its output. */
function ancestors(graph: ModelGraph, nodeId: string): ModelGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id) || !byId.has(id)) return;
    keep.add(id);
    for (const i of byId.get(id)!.inputs) visit(i);
  };
  visit(nodeId);
  return { name: graph.name, nodes: graph.nodes.filter((n) => keep.has(n.id)), output: nodeId };
}
