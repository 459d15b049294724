import { shapesEqual, type Tensor } from '../core/tensor';
import type { ModelGraph } from '../model/graph';
import { inferShapes } from '../model/inference';
import type { WeightMap } from '../model/project-file';

/** Imported weights that do not fit the model; the message names the weight and the layer. */
export class WeightMatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightMatchError';
  }
}

const show = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Attaches weights named as Keras, TF.js and the converters name them to the graph's layers: `conv2d/kernel`,
 * `sequential/conv2d/kernel:0` (scopes and the `:0` suffix), TF.js' `conv2d_Conv2D1/kernel`, and Keras 3's
 * index form `conv2d/vars/0`. Every weight must match exactly one layer weight of the same shape and every layer
 * weight must be given; anything else is a WeightMatchError naming it.
 */
export function matchWeights(graph: ModelGraph, named: ReadonlyMap<string, Tensor>): WeightMap {
  const inference = inferShapes(graph);
  const layers = new Map<
    string,
    { id: string; specs: { name: string; shape: readonly number[] }[]; className: string }
  >();
  for (const info of inference.nodes.values())
    layers.set(info.node.name, { id: info.node.id, specs: info.weights, className: info.node.className });
  const out: WeightMap = new Map();
  const origin = new Map<string, string>();
  for (const [fullName, tensor] of named) {
    const tokens = fullName.replace(/:\d+$/, '').split('/');
    const last = tokens[tokens.length - 1];
    const layerIndex = tokens.slice(0, -1).findLastIndex((t) => layers.has(t));
    if (layerIndex < 0)
      throw new WeightMatchError(
        `weight '${fullName}' belongs to no layer of the model (its layer names are ${[...layers.keys()].join(', ')})`,
      );
    const layerName = tokens[layerIndex];
    const layer = layers.get(layerName)!;
    const spec = /^\d+$/.test(last) ? layer.specs[Number(last)] : layer.specs.find((s) => s.name === last);
    if (!spec) {
      const has = layer.specs.length ? `it has ${layer.specs.map((s) => s.name).join(', ')}` : 'it has no weights';
      throw new WeightMatchError(
        `weight '${fullName}' matches no weight of layer ${layerName} (${layer.className}): ${has}`,
      );
    }
    const key = `${layer.id}/${spec.name}`;
    if (origin.has(key))
      throw new WeightMatchError(`weights '${origin.get(key)}' and '${fullName}' both set ${layerName}/${spec.name}`);
    origin.set(key, fullName);
    if (!shapesEqual(tensor.shape, spec.shape)) {
      throw new WeightMatchError(
        `weight '${fullName}' has shape ${show(tensor.shape)} but ${layerName}/${spec.name} needs ${show(spec.shape)}`,
      );
    }
    if (!out.has(layer.id)) out.set(layer.id, new Map());
    out.get(layer.id)!.set(spec.name, { shape: [...spec.shape], values: tensor.values });
  }
  for (const [layerName, layer] of layers) {
    for (const spec of layer.specs) {
      if (!out.get(layer.id)?.has(spec.name))
        throw new WeightMatchError(`weight ${layerName}/${spec.name} ${show(spec.shape)} is missing from the weights`);
    }
  }
  return out;
}
