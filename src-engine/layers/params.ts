import { ACTIVATIONS, type ActivationName } from '../core/activations';
import { INITIALIZER_NAMES, isInitializerName, type InitializerName } from '../core/initializers';

interface SpecBase {
  /** The argument's name in Keras (snake_case); camelCase is used inside Filterbank as TF.js does. */
  kerasName: string;
  help: string;
}

export type ParamSpec =
  | (SpecBase & { kind: 'int'; default: number; min?: number; max?: number })
  | (SpecBase & {
      kind: 'float';
      default: number;
      min?: number;
      max?: number;
      exclusiveMax?: boolean;
      exclusiveMin?: boolean;
    })
  | (SpecBase & { kind: 'bool'; default: boolean })
  | (SpecBase & { kind: 'enum'; options: readonly string[]; default: string })
  | (SpecBase & { kind: 'activation'; default: string })
  | (SpecBase & { kind: 'initializer'; default: InitializerName })
  /**
   * An int or a pair of ints (kernel_size, strides, pool_size); `nullable` means null stands for another param's value.
   */
  | (SpecBase & { kind: 'pair'; default: readonly [number, number] | null; min: number; nullable?: boolean })
  /** ZeroPadding2D's int, (sym_h, sym_w) or ((top, bottom), (left, right)). */
  | (SpecBase & { kind: 'padding2d'; default: number })
  /** A tensor shape without the batch axis. */
  | (SpecBase & { kind: 'shape'; default: readonly number[]; minRank: number; maxRank: number })
  | (SpecBase & { kind: 'axis'; default: number });

export type ParamSchema = Record<string, ParamSpec>;

export type Pair = readonly [number, number];
export interface Padding2D {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

type ValueOf<S extends ParamSpec> = S extends { kind: 'int' | 'float' | 'axis' }
  ? number
  : S extends { kind: 'bool' }
    ? boolean
    : S extends { kind: 'enum'; options: readonly (infer O)[] }
      ? O
      : S extends { kind: 'activation' }
        ? ActivationName
        : S extends { kind: 'initializer' }
          ? InitializerName
          : S extends { kind: 'pair'; nullable: true }
            ? Pair | null
            : S extends { kind: 'pair' }
              ? Pair
              : S extends { kind: 'padding2d' }
                ? Padding2D
                : S extends { kind: 'shape' }
                  ? readonly number[]
                  : never;

/** The normalised, typed parameter values a layer sees, derived from its schema. */
export type ParamValues<S extends ParamSchema> = { [K in keyof S]: ValueOf<S[K]> };

export interface ParamIssue {
  param: string;
  message: string;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

function normalisePair(v: unknown, min: number): Pair | string {
  const pair = isInt(v) ? [v, v] : Array.isArray(v) && v.length === 2 && v.every(isInt) ? v : null;
  if (!pair) return `must be an integer or a pair of integers, got ${describe(v)}`;
  if (pair[0] < min || pair[1] < min) return `must be at least ${min}, got ${describe(v)}`;
  return [pair[0], pair[1]];
}

function normalisePadding2D(v: unknown): Padding2D | string {
  if (isInt(v)) return v < 0 ? `must not be negative, got ${v}` : { top: v, bottom: v, left: v, right: v };
  if (Array.isArray(v) && v.length === 2) {
    if (v.every(isInt)) {
      if (v[0] < 0 || v[1] < 0) return `must not be negative, got ${describe(v)}`;
      return { top: v[0], bottom: v[0], left: v[1], right: v[1] };
    }
    if (v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isInt))) {
      const [[top, bottom], [left, right]] = v as [[number, number], [number, number]];
      if ([top, bottom, left, right].some((x) => x < 0)) return `must not be negative, got ${describe(v)}`;
      return { top, bottom, left, right };
    }
  }
  return (
    `must be an integer, a pair (symmetric_height, symmetric_width) ` +
    `or ((top, bottom), (left, right)), got ${describe(v)}`
  );
}

/** Checks and normalises one raw (JSON) value against its spec; returns the value or a message. */
export function normaliseParam(spec: ParamSpec, raw: unknown): { value: unknown } | { error: string } {
  const v = raw === undefined ? spec.default : raw;
  switch (spec.kind) {
    case 'int':
      if (!isInt(v)) return { error: `must be an integer, got ${describe(v)}` };
      if (spec.min !== undefined && v < spec.min) return { error: `must be at least ${spec.min}, got ${v}` };
      if (spec.max !== undefined && v > spec.max) return { error: `must be at most ${spec.max}, got ${v}` };
      return { value: v };
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) return { error: `must be a number, got ${describe(v)}` };
      if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min))
        return { error: `must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${spec.min}, got ${v}` };
      if (spec.max !== undefined && (spec.exclusiveMax ? v >= spec.max : v > spec.max))
        return { error: `must be ${spec.exclusiveMax ? 'less than' : 'at most'} ${spec.max}, got ${v}` };
      return { value: v };
    case 'bool':
      return typeof v === 'boolean' ? { value: v } : { error: `must be true or false, got ${describe(v)}` };
    case 'enum':
      return typeof v === 'string' && spec.options.includes(v)
        ? { value: v }
        : { error: `must be one of ${spec.options.map((o) => `'${o}'`).join(', ')}, got ${describe(v)}` };
    case 'activation': {
      const name = v === null ? 'linear' : v;
      return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name)
        ? { value: name }
        : { error: `must be one of ${ACTIVATIONS.join(', ')}, got ${describe(v)}` };
    }
    case 'initializer':
      return isInitializerName(v)
        ? { value: v }
        : { error: `must be one of ${INITIALIZER_NAMES.join(', ')}, got ${describe(v)}` };
    case 'pair': {
      if (v === null) return spec.nullable ? { value: null } : { error: 'is required' };
      const pair = normalisePair(v, spec.min);
      return typeof pair === 'string' ? { error: pair } : { value: pair };
    }
    case 'padding2d': {
      const pad = normalisePadding2D(v);
      return typeof pad === 'string' ? { error: pad } : { value: pad };
    }
    case 'shape': {
      if (!Array.isArray(v) || !v.every(isInt)) return { error: `must be a list of integers, got ${describe(v)}` };
      if (v.length < spec.minRank || v.length > spec.maxRank)
        return {
          error:
            `must have ` +
            `${spec.minRank === spec.maxRank ? spec.minRank : `${spec.minRank} to ${spec.maxRank}`} ` +
            `dimensions, got ${v.length}`,
        };
      if (v.some((d) => d < 1)) return { error: `dimensions must be at least 1, got ${describe(v)}` };
      return { value: [...v] };
    }
    case 'axis':
      return isInt(v) ? { value: v } : { error: `must be an integer axis, got ${describe(v)}` };
  }
}

/** Normalises every parameter of a layer, collecting all issues instead of stopping at the first. */
export function normaliseParams<S extends ParamSchema>(
  schema: S,
  raw: Record<string, unknown>,
): { values: ParamValues<S> | null; issues: ParamIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: ParamIssue[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const r = normaliseParam(spec, raw[name]);
    if ('error' in r) issues.push({ param: name, message: `${spec.kerasName} ${r.error}` });
    else values[name] = r.value;
  }
  for (const name of Object.keys(raw)) {
    if (!(name in schema)) issues.push({ param: name, message: `unknown parameter '${name}'` });
  }
  return { values: issues.length === 0 ? (values as ParamValues<S>) : null, issues };
}

/** The JSON form of each parameter's default, as stored in a graph node. */
export function defaultParams(schema: ParamSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) out[name] = spec.default;
  return out;
}
