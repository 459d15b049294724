import { sizeOf } from '../core/tensor';
import { getLayer } from '../layers';
import type { ReceptiveFieldRule } from '../layers/types';
import type { ModelGraph } from './graph';
import type { GraphInference, NodeInference } from './inference';
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
interface Field {
  /** Receptive field size along height and width, in input pixels. */
  r: Pair;
  /** Jump: input pixels between neighbouring output cells. */
  j: Pair;
}

const isPair = (v: unknown): v is Pair => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

/** The window a layer slides, from the parameters its receptive-field trait names (null strides: the window size). */
function windowOf(info: NodeInference, rule: ReceptiveFieldRule): { k: Pair; s: Pair } | null {
  const p = info.params;
  if (!p || rule.kind !== 'window') return null;
  const k = p[rule.sizeParam];
  const s = p[rule.stridesParam] ?? k;
  return isPair(k) && isPair(s) ? { k, s } : null;
}

const dims = (p: Pair) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}×${p[1]}`);
const area = (p: Pair) => `${p[0]}×${p[1]}`;

/**
 * Receptive fields by the standard recursion through strided windows, per axis:
 * r_out = r_in + (k − 1)·j_in, j_out = j_in·s, starting from r = j = 1 at the input.
 */
function receptiveFields(inference: GraphInference, out: DesignHint[]): void {
  const fields = new Map<string, Field>();
  for (const id of inference.order) {
    const info = inference.nodes.get(id);
    if (!info?.outputShape || info.outputShape.length !== 3) continue;
    const def = getLayer(info.node.className);
    if (!def) continue;
    if (def.className === 'InputLayer') {
      fields.set(id, { r: [1, 1], j: [1, 1] });
      continue;
    }
    const ins = info.node.inputs.map((i) => fields.get(i)).filter((f) => f !== undefined);
    if (ins.length === 0 || ins.length !== info.node.inputs.length) continue;
    const prev: Field = {
      r: [Math.max(...ins.map((f) => f.r[0])), Math.max(...ins.map((f) => f.r[1]))],
      j: [Math.max(...ins.map((f) => f.j[0])), Math.max(...ins.map((f) => f.j[1]))],
    };
    const rule = def.traits.receptiveField;
    if (rule.kind === 'pointwise') {
      fields.set(id, prev);
      continue;
    }
    const w = windowOf(info, rule);
    if (!w) continue;
    const f: Field = {
      r: [prev.r[0] + (w.k[0] - 1) * prev.j[0], prev.r[1] + (w.k[1] - 1) * prev.j[1]],
      j: [prev.j[0] * w.s[0], prev.j[1] * w.s[1]],
    };
    fields.set(id, f);
    // Only layers that learn filters report what their filters see; a pooling window only widens the next one's view.
    if (def.traits.filterWeight === null) continue;
    const input = inputImageOf(inference, id);
    const whole = input && f.r[0] >= input[0] && f.r[1] >= input[1];
    out.push({
      kind: 'receptive-field',
      nodeId: id,
      message: `${info.node.name} sees ${area(f.r)} input pixels${
        input ? ` of ${area(input)}${whole ? ' (the whole image)' : ''}` : ''
      }`,
      detail:
        `r = r_in + (k − 1)·j_in = ${dims(prev.r)} + (${dims(w.k)} − 1)·${dims(prev.j)} = ${dims(f.r)}; ` +
        `jump j = ${dims(prev.j)}·${dims(w.s)} = ${dims(f.j)}`,
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
  receptiveFields(inference, out);
  activationMemory(inference, batchSize, out);
  return out;
}
