import { windowAxis } from '../kernels/geometry';
import { getLayer } from '../layers';
import type { Padding2D } from '../layers/params';
import type { ReceptiveFieldRule } from '../layers/types';
import type { GraphInference } from './inference';

type Pair = readonly [number, number];

/**
 * What one cell of a node's feature map sees of the input image, per axis (height, width): output cell o covers input
 * pixels start + o·jump … start + o·jump + size − 1 (start is negative where 'same' or ZeroPadding2D pads the image).
 */
export interface ReceptiveField {
  size: Pair;
  jump: Pair;
  start: Pair;
}

/** A node's inbound field: its one input's, or for a merge the box around all of them (they share the jump). */
export function inboundField(fields: ReadonlyMap<string, ReceptiveField>, inputs: readonly string[]) {
  const ins = inputs.map((i) => fields.get(i));
  if (ins.length === 0 || ins.some((f) => f === undefined)) return null;
  const fs = ins as ReceptiveField[];
  const axis = (a: 0 | 1) => {
    const start = Math.min(...fs.map((f) => f.start[a]));
    const end = Math.max(...fs.map((f) => f.start[a] + f.size[a]));
    return { start, size: end - start, jump: Math.max(...fs.map((f) => f.jump[a])) };
  };
  const [h, w] = [axis(0), axis(1)];
  return { size: [h.size, w.size], jump: [h.jump, w.jump], start: [h.start, w.start] } as ReceptiveField;
}

const isPair = (v: unknown): v is Pair => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

/** A windowed layer's kernel size, strides and 'same' padding before, per axis; null when its params are not pairs. */
export function windowOf(
  rule: Extract<ReceptiveFieldRule, { kind: 'window' }>,
  p: Readonly<Record<string, unknown>>,
  input: readonly number[] | undefined,
): { k: Pair; s: Pair; padBefore: Pair } | null {
  const k = p[rule.sizeParam];
  const s = p[rule.stridesParam] ?? k;
  if (!isPair(k) || !isPair(s) || input?.length !== 3) return null;
  const padding = p.padding === 'same' ? 'same' : 'valid';
  const padBefore = (a: 0 | 1) => windowAxis(input[a], k[a], s[a], padding).padBefore;
  return { k, s, padBefore: [padBefore(0), padBefore(1)] };
}

/**
 * Receptive fields of every node with a spatial output, by the standard recursion through the layers' rules, per
 * axis: size = size_in + (k − 1)·jump_in, jump = jump_in·s, start = start_in − pad_before·jump_in; from size 1,
 * jump 1, start 0 at the InputLayer. Nodes after Flatten or global pooling have none.
 */
export function receptiveFields(inference: GraphInference): Map<string, ReceptiveField> {
  const fields = new Map<string, ReceptiveField>();
  for (const id of inference.order) {
    const info = inference.nodes.get(id);
    const def = info && getLayer(info.node.className);
    if (!info || !def || !info.outputShape || info.outputShape.length !== 3) continue;
    if (def.className === 'InputLayer') {
      fields.set(id, { size: [1, 1], jump: [1, 1], start: [0, 0] });
      continue;
    }
    const prev = inboundField(fields, info.node.inputs);
    const rule = def.traits.receptiveField;
    const p = info.params;
    if (!prev || !p || rule.kind === 'none') continue;
    if (rule.kind === 'pointwise') {
      fields.set(id, prev);
      continue;
    }
    if (rule.kind === 'pad') {
      const pad = p[rule.paddingParam] as Padding2D;
      fields.set(id, {
        ...prev,
        start: [prev.start[0] - pad.top * prev.jump[0], prev.start[1] - pad.left * prev.jump[1]],
      });
      continue;
    }
    const window = windowOf(rule, p, info.inputShapes[0]);
    if (!window) continue;
    const { k, s, padBefore } = window;
    const axis = (a: 0 | 1) => ({
      size: prev.size[a] + (k[a] - 1) * prev.jump[a],
      jump: prev.jump[a] * s[a],
      start: prev.start[a] - padBefore[a] * prev.jump[a],
    });
    const [h, w] = [axis(0), axis(1)];
    fields.set(id, { size: [h.size, w.size], jump: [h.jump, w.jump], start: [h.start, w.start] });
  }
  return fields;
}

/** A box of pixels, inclusive, in some node's output grid or the input image. */
export interface PixelBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The full field of cell (y, x), reaching into the padding (the closed form; regionAt gives what it really sees). */
export function fieldBoxAt(field: ReceptiveField, y: number, x: number): PixelBox {
  const top = field.start[0] + y * field.jump[0];
  const left = field.start[1] + x * field.jump[1];
  return { top, left, bottom: top + field.size[0] - 1, right: left + field.size[1] - 1 };
}

function clip(box: PixelBox, shape: readonly number[]): PixelBox | null {
  const b = {
    top: Math.max(box.top, 0),
    left: Math.max(box.left, 0),
    bottom: Math.min(box.bottom, shape[0] - 1),
    right: Math.min(box.right, shape[1] - 1),
  };
  return b.top > b.bottom || b.left > b.right ? null : b;
}

/**
 * The input pixels that cell (y, x) of a node's output depends on, as a box, or null when it sees only padding.
 * Walks back through the graph clipping at every layer, so cells over a ZeroPadding2D's border or a window that
 * reads only padding see nothing there, exactly as perturbing the input would show.
 */
export function regionAt(inference: GraphInference, nodeId: string, y: number, x: number): PixelBox | null {
  const back = (id: string, box: PixelBox): PixelBox | null => {
    const info = inference.nodes.get(id);
    const def = info && getLayer(info.node.className);
    const p = info?.params;
    if (!info || !def || !p || !info.outputShape) return null;
    const own = clip(box, info.outputShape);
    if (!own || def.className === 'InputLayer') return own;
    const rule = def.traits.receptiveField;
    if (rule.kind === 'none') return null;
    let inBox = own;
    if (rule.kind === 'pad') {
      const pad = p[rule.paddingParam] as Padding2D;
      inBox = {
        top: own.top - pad.top,
        bottom: own.bottom - pad.top,
        left: own.left - pad.left,
        right: own.right - pad.left,
      };
    } else if (rule.kind === 'window') {
      const window = windowOf(rule, p, info.inputShapes[0]);
      if (!window) return null;
      const { k, s } = window;
      const [pt, pl] = window.padBefore;
      inBox = {
        top: own.top * s[0] - pt,
        bottom: own.bottom * s[0] - pt + k[0] - 1,
        left: own.left * s[1] - pl,
        right: own.right * s[1] - pl + k[1] - 1,
      };
    }
    const found = info.node.inputs.map((i) => back(i, inBox)).filter((b) => b !== null);
    if (found.length === 0) return null;
    return {
      top: Math.min(...found.map((b) => b.top)),
      left: Math.min(...found.map((b) => b.left)),
      bottom: Math.max(...found.map((b) => b.bottom)),
      right: Math.max(...found.map((b) => b.right)),
    };
  };
  return back(nodeId, { top: y, left: x, bottom: y, right: x });
}

/** "sees 16×16 px, steps 4 px" (or "steps 4×2 px" when the axes differ). */
export function receptiveFieldText(field: ReceptiveField): string {
  const step = field.jump[0] === field.jump[1] ? `${field.jump[0]}` : `${field.jump[0]}×${field.jump[1]}`;
  return `sees ${field.size[0]}×${field.size[1]} px, steps ${step} px`;
}
