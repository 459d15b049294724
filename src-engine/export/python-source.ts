import type { ParamSpec } from '../layers/params';
import { commentText } from './code-text';

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/**
 * The body of a Python string literal in printable ASCII: quotes, backslashes, control characters and everything
 * beyond ASCII escaped (astral characters as one \U escape, since Python does not join surrogate pairs), so no text
 * can end the literal, continue or break its line, or hide in the source.
 */
function pyEscaped(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out;
}

/** A Python string literal of any text. */
export const pyString = (s: string) => `"${pyEscaped(s)}"`;

/** Text for one line of a docstring: a single line, with nothing that could close the docstring or start an escape. */
export const pyDocText = (s: string) => pyEscaped(commentText(s));

export function pyTuple(values: readonly (number | string)[]): string {
  const items = values.map(pyLiteral);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A JSON-like value as a Python literal: null → None, booleans, lists as lists. */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number')
    return Number.isFinite(v) ? String(v) : v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')";
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${pyString(k)}: ${pyLiteral(x)}`)
    .join(', ')}}`;
}

/** One layer argument as Keras writes it in Python: pairs and shapes as tuples, floats with a decimal point. */
export function pyArgument(spec: ParamSpec, value: unknown): string {
  switch (spec.kind) {
    case 'float': {
      const n = value as number;
      return Number.isInteger(n) ? n.toFixed(1) : pyLiteral(n);
    }
    case 'pair':
      return value === null ? 'None' : pyTuple(value as number[]);
    case 'shape':
      return pyTuple(value as number[]);
    case 'padding2d': {
      const p = value as { top: number; bottom: number; left: number; right: number };
      return `(${pyTuple([p.top, p.bottom])}, ${pyTuple([p.left, p.right])})`;
    }
    default:
      return pyLiteral(value);
  }
}
