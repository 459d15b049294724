import { getLayer } from '../layers';
import type { AnyLayerDefinition, Shape, WeightSpec } from '../layers/types';
import type { Ops } from '../ops/ops';
import type { Diagnostic } from './diagnostics';
import type { ModelGraph } from './graph';
import { inferShapes, type GraphInference } from './inference';

/** A model that has errors cannot be built; the diagnostics say why. */
export class ModelInvalidError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    const first = diagnostics.find((d) => d.severity === 'error');
    super(first ? first.message : 'the model is invalid');
    this.name = 'ModelInvalidError';
  }
}

export interface CompiledLayer {
  id: string;
  name: string;
  className: string;
  def: AnyLayerDefinition;
  params: Record<string, unknown>;
  inputIds: string[];
  outputShape: Shape;
  weights: WeightSpec[];
}

/** A validated graph in execution order: what every engine (reference or gpu.js) runs. */
export interface CompiledModel {
  graph: ModelGraph;
  inference: GraphInference;
  layers: CompiledLayer[];
  inputId: string;
  outputId: string;
  inputShape: Shape;
  outputShape: Shape;
}

export function compileModel(graph: ModelGraph, inference: GraphInference = inferShapes(graph)): CompiledModel {
  const errors = inference.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new ModelInvalidError(inference.diagnostics);
  if (inference.inputIds.length !== 1)
    throw new ModelInvalidError([
      {
        severity: 'error',
        code: 'no-input',
        message: `The model has ${inference.inputIds.length} InputLayers; Filterbank trains models with one input`,
      },
    ]);
  const layers: CompiledLayer[] = inference.order.map((id) => {
    const info = inference.nodes.get(id);
    const def = info && getLayer(info.node.className);
    if (!info || !def || !info.params || !info.outputShape) throw new ModelInvalidError(inference.diagnostics);
    return {
      id,
      name: info.node.name,
      className: def.className,
      def,
      params: info.params,
      inputIds: info.node.inputs,
      outputShape: info.outputShape,
      weights: info.weights,
    };
  });
  const inputId = inference.inputIds[0];
  const outputId = inference.outputId as string;
  const byId = new Map(layers.map((l) => [l.id, l]));
  return {
    graph,
    inference,
    layers,
    inputId,
    outputId,
    inputShape: byId.get(inputId)!.outputShape,
    outputShape: byId.get(outputId)!.outputShape,
  };
}

/** Weights by node id and Keras weight name. */
export type WeightStore<T> = Map<string, Map<string, T>>;

export interface ForwardOptions<T> {
  training: boolean;
  /** Receives new values of non-trainable weights (BatchNormalization's moving statistics). */
  onState?: (nodeId: string, weightName: string, value: T) => void;
  /** Node ids whose outputs to return as well (feature maps). */
  capture?: ReadonlySet<string>;
}

/** Runs the model's layers in order on any backend's ops. */
export function runForward<T>(
  model: CompiledModel,
  ops: Ops<T>,
  input: T,
  weights: WeightStore<T>,
  options: ForwardOptions<T>,
): { output: T; captured: Map<string, T> } {
  const outputs = new Map<string, T>();
  const captured = new Map<string, T>();
  for (const layer of model.layers) {
    const inputs = layer.id === model.inputId ? [input] : layer.inputIds.map((i) => outputs.get(i) as T);
    const layerWeights: Record<string, T> = {};
    for (const w of layer.weights) {
      const value = weights.get(layer.id)?.get(w.name);
      if (value === undefined) throw new Error(`missing weight ${layer.name}/${w.name}`);
      layerWeights[w.name] = value;
    }
    const y = layer.def.forward(ops, inputs, layerWeights, layer.params as never, {
      training: options.training,
      setState: (name, value) => options.onState?.(layer.id, name, value),
    });
    outputs.set(layer.id, y);
    if (options.capture?.has(layer.id)) captured.set(layer.id, y);
  }
  return { output: outputs.get(model.outputId) as T, captured };
}
