import type { ParamSpec } from '../layers/params';

/** A Python string literal (JSON's escapes are valid Python). */
export const pyString = (s: string) => JSON.stringify(s);

export function pyTuple(values: readonly (number | string)[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** A JSON-like value as a Python literal: null → None, booleans, lists as lists. */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')";
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyString(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

/** One layer argument as Keras writes it in Python: pairs and shapes as tuples, floats with a decimal point. */
export function pyArgument(spec: ParamSpec, value: unknown): string {
  switch (spec.kind) {
    case 'float': {
      const n = value as number;
      return Number.isInteger(n) ? n.toFixed(1) : String(n);
    }
    case 'pair':
      return value === null ? 'None' : pyTuple(value as number[]);
    case 'shape':
      return pyTuple(value as number[]);
    case 'padding2d': {
      const p = value as { top: number; bottom: number; left: number; right: number };
      return `((${p.top}, ${p.bottom}), (${p.left}, ${p.right}))`;
    }
    default:
      return pyLiteral(value);
  }
}
