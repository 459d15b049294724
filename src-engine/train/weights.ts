import { shapesEqual, type Tensor } from '../core/tensor';
import type { CompiledModel } from '../model/executor';
import type { WeightMap } from '../model/project-file';
import { WeightShapeError } from '../model/weight-match';
import { initialize } from '../core/initializers';
import type { Rng } from '../core/rng';

/**
 * Every weight the model needs: the given ones where they exist (shape-checked), the rest drawn from each
 * layer's initialiser in layer order, as Keras builds layers.
 */
export function initialWeights(model: CompiledModel, rng: Rng, given?: WeightMap | null): WeightMap {
  const out: WeightMap = new Map();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const byName = new Map<string, Tensor>();
    for (const spec of layer.weights) {
      const existing = given?.get(layer.id)?.get(spec.name);
      if (existing) {
        if (!shapesEqual(existing.shape, spec.shape)) {
          throw new WeightShapeError(layer.name, spec.name, existing.shape, spec.shape);
        }
        byName.set(spec.name, { shape: [...existing.shape], values: Float32Array.from(existing.values) });
      } else {
        byName.set(spec.name, initialize(spec.initializer, spec.shape, rng));
      }
    }
    out.set(layer.id, byName);
  }
  return out;
}
