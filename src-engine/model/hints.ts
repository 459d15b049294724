import { sizeOf } from '../core/tensor';
import { getLayer } from '../layers';
import type { ModelGraph } from './graph';
import type { GraphInference } from './inference';
import { inboundField, receptiveFields, windowOf } from './receptive-field';
import { formatBytes, formatCount } from './summary';

/** Advice that is not an error: the model builds and trains, but a designer would want to know. */
export interface DesignHint {
  kind: 'collapsed-feature-map' | 'dense-dominates' | 'receptive-field' | 'activation-memory';
  nodeId?: string;
  message: string;
  /** The arithmetic behind the message. */
  detail?: string;
}

type Pair = readonly [number, number];

const dims = (p: Pair) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}×${p[1]}`);
const area = (p: Pair) => `${p[0]}×${p[1]}`;

/** What each filter layer sees of the input, from the shared recursion in receptive-field.ts. */
function receptiveFieldHints(inference: GraphInference, out: DesignHint[]): void {
  const fields = receptiveFields(inference);
  for (const id of inference.order) {
    const info = inference.nodes.get(id);
    const def = info && getLayer(info.node.className);
    const f = fields.get(id);
    const rule = def?.traits.receptiveField;
    // Only layers that learn filters report what their filters see; a pooling window only widens the next one's view.
    if (!info || !def || !f || rule?.kind !== 'window' || def.traits.filterWeight === null) continue;
    const prev = inboundField(fields, info.node.inputs);
    const window = info.params && windowOf(rule, info.params, info.inputShapes[0]);
    if (!prev || !window) continue;
    const { k, s } = window;
    const input = inputImageOf(inference, id);
    const whole = input && f.size[0] >= input[0] && f.size[1] >= input[1];
    out.push({
      kind: 'receptive-field',
      nodeId: id,
      message: `${info.node.name} sees ${area(f.size)} input pixels${
        input ? ` of ${area(input)}${whole ? ' (the whole image)' : ''}` : ''
      }`,
      detail:
        `r = r_in + (k − 1)·j_in = ${dims(prev.size)} + (${dims(k)} − 1)·${dims(prev.jump)} = ${dims(f.size)}; ` +
        `jump j = ${dims(prev.jump)}·${dims(s)} = ${dims(f.jump)}`,
    });
  }
}

/** The (height, width) of the InputLayer upstream of a node. */
function inputImageOf(inference: GraphInference, id: string): Pair | null {
  for (let n = inference.nodes.get(id); n; n = inference.nodes.get(n.node.inputs[0])) {
    if (n.node.className === 'InputLayer')
      return n.outputShape && n.outputShape.length === 3 ? [n.outputShape[0], n.outputShape[1]] : null;
  }
  return null;
}

function collapsedMaps(inference: GraphInference, out: DesignHint[]): void {
  for (const id of inference.order) {
    const info = inference.nodes.get(id);
    const s = info?.outputShape;
    if (!info || !s || s.length !== 3 || s[0] !== 1 || s[1] !== 1) continue;
    const from = info.inputShapes.find((x) => x.length === 3 && x[0] * x[1] > 1);
    if (!from) continue;
    out.push({
      kind: 'collapsed-feature-map',
      nodeId: id,
      message:
        `${info.node.name} reduces the feature maps to 1×1 (from ${area([from[0], from[1]])}): the layers ` +
        `after it see no spatial layout`,
      detail:
        "If that is not intended, use padding 'same', smaller strides or one pooling step fewer; to pool on " +
        'purpose, GlobalAveragePooling2D says so.',
    });
  }
}

function denseDominates(inference: GraphInference, out: DesignHint[]): void {
  const total = inference.totalParams;
  if (total <= 0) return;
  for (const id of inference.order) {
    const info = inference.nodes.get(id);
    if (!info || getLayer(info.node.className)?.traits.classifierHead !== 'dense') continue;
    const own = info.trainableParams + info.nonTrainableParams;
    if (own / total <= 0.5) continue;
    out.push({
      kind: 'dense-dominates',
      nodeId: id,
      message:
        `${info.node.name} holds ${formatCount(own)} of the ${formatCount(total)} parameters (` +
        `${((own / total) * 100).toFixed(1)} %)`,
      detail:
        'Most of the model is one fully connected layer, which overfits easily; more pooling or ' +
        'GlobalAveragePooling2D before it makes it much smaller.',
    });
  }
}

function activationMemory(inference: GraphInference, batchSize: number, out: DesignHint[]): void {
  let values = 0;
  let unknown = 0;
  for (const info of inference.nodes.values()) {
    if (info.outputShape) values += sizeOf(info.outputShape);
    else unknown++;
  }
  if (values === 0) return;
  const bytes = values * 4 * batchSize * 2;
  const partial = unknown > 0 ? ` (counting only the layers whose shapes are known; ${unknown} are not)` : '';
  out.push({
    kind: 'activation-memory',
    message:
      `One training batch of ${batchSize} needs about ` +
      `${formatBytes(bytes)} for activations and their gradients${partial}`,
    detail:
      `Σ layer outputs (input included) ${formatCount(values)} values per sample × 4 bytes × batch ` +
      `${batchSize} × 2 (activation + gradient) = ${formatCount(bytes)} bytes`,
  });
}

/** Design hints for a model, in a stable order: per-layer hints in graph order, then the model-wide memory estimate. */
export function designHints(_graph: ModelGraph, inference: GraphInference, batchSize: number): DesignHint[] {
  const out: DesignHint[] = [];
  collapsedMaps(inference, out);
  denseDominates(inference, out);
  receptiveFieldHints(inference, out);
  activationMemory(inference, batchSize, out);
  return out;
}
