// How large a model Filterbank holds, with the arithmetic. Beyond these figures an engine fails deep inside an
// allocation (`Invalid typed array length`, out of memory) or after minutes of work, so models are refused where they
// enter: the layer count right after JSON parsing, weights and activations in shape inference, each as one message
// naming the layer, its figure and the limit.

/**
 * Layers in one model. Real CNNs have a few hundred (Keras' ResNet152: 517, EfficientNetB7: 813); the editor draws
 * every node and every pass over the graph is at least linear, so 10,000 leaves room while a hostile file of a million
 * layers is refused before any per-layer work.
 */
export const MAX_LAYERS = 10_000;

/** The memory one model may need while training. */
const TRAINING_BUDGET_BYTES = 2 ** 32; // 4 GiB

/**
 * Parameters of one layer and of the whole model. Training keeps four float32 copies of each (weights, gradients and
 * Adam's two moments, 16 bytes): 4 GiB / 16 = 2^28 = 268,435,456 (VGG16 has 138,357,544). A Float32Array holds at
 * most 2^32 values in V8, so every weight tensor below this limit can be allocated.
 */
export const MAX_PARAMS = TRAINING_BUDGET_BYTES / 16;

/**
 * Values in one layer's output for one sample. Training keeps every output and its gradient (8 bytes a value), so at
 * batch size 1 one layer may hold 4 GiB / 8 = 2^29 = 536,870,912 values (a 4096×4096×4 image is 67,108,864).
 */
export const MAX_ACTIVATION_VALUES = TRAINING_BUDGET_BYTES / 8;

/**
 * V8's longest string (2^29 - 24 UTF-16 units on 64-bit): a model file's text, and a saved project, must fit in one.
 */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/**
 * Parameters a saved project holds: its weights are base64 float32 (16 characters for every 3 parameters) inside one
 * JSON text; 16 Mi characters are left for the graph and the history: (2^29 - 24 - 2^24) × 3 / 16 = 97,517,563.
 */
export const MAX_SAVED_PARAMS = Math.floor(((MAX_STRING_LENGTH - 2 ** 24) * 3) / 16);

const count = (n: number) => n.toLocaleString('en-US');

/** The layer lists of a model file in any format Filterbank reads (project `nodes`, Keras and TF.js `layers`). */
const LAYER_LIST_KEYS = new Set(['nodes', 'layers']);

/**
 * Why a parsed model file has too many layers to open, or null. Counts every `nodes` / `layers` list at any depth
 * (nested Sequentials included) without recursion, and stops as soon as the limit is passed, so a file with a
 * million layers is answered in milliseconds once it is parsed.
 */
export function layerCountProblem(json: unknown): string | null {
  let layers = 0;
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (LAYER_LIST_KEYS.has(key) && Array.isArray(child)) layers += child.length;
      // Weights and history hold no layers: skipping them keeps the walk short on trained projects.
      if (typeof child === 'object' && child !== null && key !== 'weights' && key !== 'history') pending.push(child);
    }
    if (layers > MAX_LAYERS) {
      return (
        `the model has at least ${count(layers)} layers; Filterbank opens models of at most ` +
        `${count(MAX_LAYERS)} layers: split it or use fewer, larger layers`
      );
    }
  }
  return null;
}

/** Why one layer's weights are too large, or null; `weightShapes` are the shapes of its weight tensors. */
export function layerParamsProblem(
  layer: string,
  params: number,
  weightShapes: readonly (readonly number[])[],
): { message: string; arithmetic: string } | null {
  if (params <= MAX_PARAMS) return null;
  return {
    message:
      `${layer}: ${count(params)} parameters, more than Filterbank can train: at most ${count(MAX_PARAMS)} per ` +
      `layer and per model ` +
      '(4 GiB while training, 16 bytes each); use fewer units or filters, or shrink its input (pooling, strides)',
    arithmetic: `${weightShapes.map((s) => s.map(count).join(' × ')).join(' + ')} = ${count(params)}`,
  };
}

/** Why one layer's output for one sample is too large, or null. */
export function activationProblem(
  layer: string,
  shape: readonly number[],
): { message: string; arithmetic: string } | null {
  let values = 1;
  for (const d of shape) values *= d;
  if (values <= MAX_ACTIVATION_VALUES) return null;
  return {
    message:
      `${layer}: its output (None, ${shape.join(', ')}) holds ${count(values)} values per ` +
      `sample, more than Filterbank can train: at most ${count(MAX_ACTIVATION_VALUES)} (4 ` +
      `GiB with its gradient at batch size 1); use a smaller input or fewer filters or units`,
    arithmetic: `${shape.map(count).join(' × ')} = ${count(values)}`,
  };
}

/** Why a whole model's parameters are too many, or null; `largest` names its largest layer. */
export function modelParamsProblem(total: number, largest: { name: string; params: number } | null): string | null {
  if (total <= MAX_PARAMS) return null;
  return (
    `The model has ${count(total)} parameters, more than Filterbank can train: at most ${count(MAX_PARAMS)} (4 ` +
    `GiB while training, 16 bytes each)` +
    `${largest ? `; the largest layer is ${largest.name} with ${count(largest.params)}` : ''}` +
    `: use fewer units or filters`
  );
}

/** Why a model's trained weights could not be saved as a project file, or null: said before training, not after. */
export function savedParamsProblem(total: number): string | null {
  if (total <= MAX_SAVED_PARAMS) return null;
  return (
    `the model has ${count(total)} parameters but a project file holds at most ${count(MAX_SAVED_PARAMS)} ` +
    ('(its weights are base64 text in one JSON string of at most 512 MiB), so the trained model could not be ' +
      'saved: use fewer units or filters')
  );
}
