import { ACTIVATIONS, normaliseParam, type ParamSpec, INITIALIZER_NAMES } from '../../../src-engine';

/** How a parameter is edited: a text field, a checkbox or a list of choices. */
export type ParamControl =
  { kind: 'text'; placeholder: string } | { kind: 'checkbox' } | { kind: 'select'; options: readonly string[] };

export function controlFor(spec: ParamSpec): ParamControl {
  switch (spec.kind) {
    case 'bool':
      return { kind: 'checkbox' };
    case 'enum':
      return { kind: 'select', options: spec.options };
    case 'activation':
      return { kind: 'select', options: ACTIVATIONS };
    case 'initializer':
      return { kind: 'select', options: INITIALIZER_NAMES };
    case 'pair':
      return { kind: 'text', placeholder: spec.nullable ? 'empty = None, 2 or 2, 3' : '3 or 3, 5' };
    case 'padding2d':
      return { kind: 'text', placeholder: '1 · 1, 2 · (1, 1), (2, 2)' };
    case 'shape':
      return { kind: 'text', placeholder: 'height, width, channels' };
    case 'float':
      return { kind: 'text', placeholder: 'a number, e.g. 0.5 or 1/255' };
    default:
      return { kind: 'text', placeholder: 'an integer' };
  }
}

/** A stored (JSON) value as the text a person types: 3, "3, 5", "(1, 1), (2, 2)", "28, 28, 1". */
export function formatParamValue(spec: ParamSpec, value: unknown): string {
  const v = value === undefined ? spec.default : value;
  if (v === null) return '';
  if (Array.isArray(v)) {
    if (spec.kind === 'pair' && v.length === 2 && v[0] === v[1]) return String(v[0]);
    return v.map((x) => (Array.isArray(x) ? `(${x.join(', ')})` : String(x))).join(', ');
  }
  return String(v);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const frac = /^([^/]+)\/([^/]+)$/.exec(t);
  if (frac && NUMBER.test(frac[1].trim()) && NUMBER.test(frac[2].trim())) return Number(frac[1]) / Number(frac[2]);
  return null;
}

/** The numbers in "(1, 2), (3, 4)" or "28 28 1", or null when something else is in the text. */
function parseNumberList(text: string): number[] | null {
  const parts = text
    .replace(/[()[\]]/g, ' ')
    .split(/[\s,×x]+/)
    .filter((p) => p.length > 0);
  const nums = parts.map(parseNumber);
  return nums.every((n) => n !== null) ? (nums as number[]) : null;
}

/**
 * Turns typed text into the JSON value a layer stores. Text that is not numeric stays a string, so that
 * `normaliseParam` reports it in Keras' words ("filters must be an integer, got 'abc'").
 */
export function parseParamText(spec: ParamSpec, text: string): unknown {
  const t = text.trim();
  switch (spec.kind) {
    case 'int':
    case 'float':
    case 'axis':
      return parseNumber(t) ?? t;
    case 'pair': {
      if (t === '' && spec.nullable) return null;
      const nums = parseNumberList(t);
      if (!nums) return t;
      return nums.length === 1 ? nums[0] : nums;
    }
    case 'padding2d': {
      const nums = parseNumberList(t);
      if (!nums) return t;
      if (nums.length === 4) return [nums.slice(0, 2), nums.slice(2)];
      return nums.length === 1 ? nums[0] : nums;
    }
    case 'shape':
      return parseNumberList(t) ?? t;
    default:
      return t;
  }
}

/** Parses and validates; the error is the parameter's Keras name and what is wrong. */
export function checkParamText(spec: ParamSpec, text: string): { value: unknown } | { error: string } {
  const raw = parseParamText(spec, text);
  const r = normaliseParam(spec, raw);
  return 'error' in r ? { error: `${spec.kerasName} ${r.error}` } : { value: raw };
}
