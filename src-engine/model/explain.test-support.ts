import { createReferenceOps } from '../autograd/reference-ops';
import type { Rng } from '../core/rng';
import { sizeOf, tensor, type Tensor } from '../core/tensor';
import { compileModel, runForward, type CompiledModel, type WeightStore } from './executor';
import type { ModelGraph } from './graph';

/** Random weights for every layer of a compiled model (normal, so no product-sum term is zero by construction). */
export function randomWeights(model: CompiledModel, rng: Rng): WeightStore<Tensor> {
  const store: WeightStore<Tensor> = new Map();
  for (const layer of model.layers) {
    const byName = new Map<string, Tensor>();
    for (const w of layer.weights)
      byName.set(
        w.name,
        tensor(
          w.shape,
          Float32Array.from({ length: sizeOf(w.shape) }, () => rng.normal()),
        ),
      );
    store.set(layer.id, byName);
  }
  return store;
}

/** The reference engine's forward pass on one (H, W, C) image: every node's output by id, batch axis dropped. */
export function forwardAll(graph: ModelGraph, weights: WeightStore<Tensor> | null, image: Float32Array, rng: Rng) {
  const model = compileModel(graph);
  const w = weights ?? randomWeights(model, rng);
  const ops = createReferenceOps();
  const capture = new Set(model.layers.map((l) => l.id));
  const { captured } = runForward(model, ops, tensor([1, ...model.inputShape], image), w, { training: false, capture });
  return { model, weights: w, outputs: captured };
}
