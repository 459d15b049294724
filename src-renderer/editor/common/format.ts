import { type ParamSpec, getLayer, type Shape, formatCount, formatShapeWithBatch } from '../../../src-engine';

/** A tensor shape as Keras prints it, with the batch axis: (None, 28, 28, 8); '?' when unknown. */
export function shapeText(shape: Shape | null | undefined): string {
  return shape ? formatShapeWithBatch([null, ...shape]) : '?';
}

export const countText = formatCount;

export function signedCount(n: number): string {
  return n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`;
}

function compact(spec: ParamSpec, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (spec.kind === 'pair')
    return Array.isArray(v) ? (v[0] === v[1] ? `${v[0]}×${v[0]}` : `${v[0]}×${v[1]}`) : `${v}×${v}`;
  if (spec.kind === 'shape' && Array.isArray(v)) return v.join('×');
  if (spec.kind === 'activation' && v === 'linear') return null;
  if (spec.kind === 'float' && typeof v === 'number') return String(Number(v.toPrecision(4)));
  if (spec.kind === 'bool' || spec.kind === 'initializer' || spec.kind === 'axis' || spec.kind === 'padding2d')
    return null;
  return String(v);
}

/** The few parameters that identify a layer at a glance: "8 · 5×5 · same · relu". */
export function paramSummary(className: string, params: Readonly<Record<string, unknown>>): string {
  const def = getLayer(className);
  if (!def) return '';
  const parts: string[] = [];
  for (const [name, spec] of Object.entries(def.params)) {
    const text = compact(spec, params[name] ?? spec.default);
    if (!text) continue;
    // Strides are worth showing only when they are not the usual ones (1 for convolutions, the pool size for pooling).
    if (name === 'strides') {
      if (text !== '1×1') parts.push(`stride ${text}`);
      continue;
    }
    parts.push(text);
  }
  return parts.slice(0, 4).join(' · ');
}
