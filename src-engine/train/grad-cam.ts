/**
 * Grad-CAM (Selvaraju et al. 2017, as in Keras' "Grad-CAM class activation visualization" example): where a
 * convolutional layer's activations A (H×W×C) raise the score of a class. The score is the class's logit (the
 * output before its softmax); α_k = mean over positions of ∂score/∂A_k, and the map is ReLU(Σ_k α_k A_k), scaled
 * so its maximum is 1. It shows where the model looked for that class, not why: no proof of its reasoning.
 */
import type { CompiledLayer, CompiledModel } from '../model/executor';

export interface GradCamResult {
  /** Node id and name of the layer the map was taken at. */
  layer: string;
  layerName: string;
  classIndex: number;
  /** Softmax probabilities of the model's output for the image. */
  probabilities: Float32Array;
  /** The map's grid, the layer's height and width. */
  height: number;
  width: number;
  /** ReLU(Σ α_k A_k) divided by its maximum: values in [0, 1], row-major [height, width]. */
  heatmap: Float32Array<ArrayBuffer>;
  /** The maximum before scaling; 0 means no position raised the class score (the map is all zero). */
  maximum: number;
}

const hasSpatialOutput = (l: CompiledLayer) => l.outputShape.length === 3;

/**
 * The layer Grad-CAM reads: `layerId` when given (it must output a H×W×C map), else the last Conv2D-like layer
 * (Keras' example takes the last convolutional layer) or, failing that, the last layer with a spatial output.
 */
export function gradCamLayer(model: CompiledModel, layerId?: string | null): CompiledLayer {
  if (layerId) {
    const layer = model.layers.find((l) => l.id === layerId);
    if (!layer) throw new Error(`Grad-CAM: the model has no layer with id '${layerId}'`);
    if (!hasSpatialOutput(layer))
      throw new Error(
        `Grad-CAM needs a layer with a height × width × channels output; ${layer.name} outputs ` +
          `(None, ${layer.outputShape.join(', ')})`,
      );
    return layer;
  }
  const spatial = model.layers.filter((l) => l.id !== model.inputId && hasSpatialOutput(l));
  const conv = spatial.filter((l) => /Conv/.test(l.className));
  const layer = conv.at(-1) ?? spatial.at(-1);
  if (!layer)
    throw new Error(
      'Grad-CAM needs a convolutional layer (a height × width × channels output) before the classifier; this model ' +
        'has none',
    );
  return layer;
}

/**
 * The model with its output's softmax removed, so the score differentiated is the class logit (as Keras' example
 * does by setting the last layer's activation to None). Other outputs are left as they are.
 */
export function withLogitOutput(model: CompiledModel): CompiledModel {
  const layers = model.layers.map((l) =>
    l.id === model.outputId && l.params.activation === 'softmax'
      ? { ...l, params: { ...l.params, activation: 'linear' } }
      : l,
  );
  return { ...model, layers };
}

export function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i] - max);
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** The map from the layer's activations and the score's gradient with respect to them, both [h, w, c]. */
export function gradCamMap(
  activation: Float32Array,
  gradient: Float32Array,
  shape: readonly number[],
): { heatmap: Float32Array<ArrayBuffer>; maximum: number } {
  const [h, w, c] = shape;
  const alpha = new Float64Array(c);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) alpha[k] += gradient[p * c + k];
  for (let k = 0; k < c; k++) alpha[k] /= h * w;
  const heatmap = new Float32Array(h * w);
  let maximum = 0;
  for (let p = 0; p < h * w; p++) {
    let sum = 0;
    for (let k = 0; k < c; k++) sum += alpha[k] * activation[p * c + k];
    heatmap[p] = Math.max(0, sum);
    maximum = Math.max(maximum, heatmap[p]);
  }
  if (maximum > 0) for (let p = 0; p < heatmap.length; p++) heatmap[p] /= maximum;
  return { heatmap, maximum };
}
