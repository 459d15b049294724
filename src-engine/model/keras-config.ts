import { isActivationName } from '../core/activations';
import type { ParamSpec } from '../layers/params';
import { INITIALIZER_NAMES, type InitializerName } from '../core/initializers';

/** Keras 3's serialised form of an initialiser. */
export function initializerToKeras(name: InitializerName): Record<string, unknown> {
  const className = name
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  const config: Record<string, unknown> =
    name === 'random_uniform'
      ? { minval: -0.05, maxval: 0.05, seed: null }
      : name === 'random_normal' || name === 'truncated_normal'
        ? { mean: 0, stddev: 0.05, seed: null }
        : name === 'zeros' || name === 'ones'
          ? {}
          : { seed: null };
  return { module: 'keras.initializers', class_name: className, config, registered_name: null };
}

const compact = (s: string) => s.replace(/[_\s]/g, '').toLowerCase();
const BY_COMPACT_NAME = new Map(INITIALIZER_NAMES.map((n) => [compact(n), n]));

/** Reads an initialiser as Keras 2, Keras 3 or TF.js write it: a string, a class dict or VarianceScaling. */
export function initializerFromKeras(v: unknown): { value: InitializerName } | { error: string } {
  if (typeof v === 'string') {
    const name = BY_COMPACT_NAME.get(compact(v));
    return name ? { value: name } : { error: `unknown initializer '${v}'` };
  }
  if (typeof v !== 'object' || v === null) return { error: `unreadable initializer ${JSON.stringify(v)}` };
  const { class_name: className, config = {} } = v as { class_name?: unknown; config?: Record<string, unknown> };
  if (typeof className !== 'string') return { error: 'initializer without class_name' };
  const c = compact(className);
  if (c === 'variancescaling') {
    const { scale = 1, mode = 'fan_in', distribution = 'truncated_normal' } = config;
    const dist =
      distribution === 'uniform'
        ? 'uniform'
        : distribution === 'normal' || distribution === 'truncated_normal'
          ? 'normal'
          : null;
    const family =
      scale === 1 && mode === 'fan_avg'
        ? 'glorot'
        : scale === 2 && mode === 'fan_in'
          ? 'he'
          : scale === 1 && mode === 'fan_in'
            ? 'lecun'
            : null;
    if (!dist || !family)
      return {
        error:
          `VarianceScaling(scale=${scale}, mode=${mode}, distribution=${distribution}) is not supported; use ` +
          `glorot, he or lecun initialisers`,
      };
    return { value: `${family}_${dist}` as InitializerName };
  }
  const name = BY_COMPACT_NAME.get(c);
  if (!name) return { error: `unknown initializer '${className}'` };
  const expected = (initializerToKeras(name).config ?? {}) as Record<string, unknown>;
  for (const [k, want] of Object.entries(expected)) {
    if (k !== 'seed' && k in config && config[k] !== want)
      return {
        error:
          `${className} with ${k}=${JSON.stringify(config[k])} is ` +
          `not supported (Filterbank's ${name} uses ${k}=${want})`,
      };
  }
  return { value: name };
}

/** Keras activation names from Keras 2, Keras 3 (possibly a dict) and TF.js (camelCase). */
export function activationFromKeras(v: unknown): { value: string } | { error: string } {
  if (v === null || v === undefined) return { value: 'linear' };
  const raw =
    typeof v === 'object' && typeof (v as { config?: unknown }).config === 'string'
      ? (v as { config: string }).config
      : v;
  if (typeof raw !== 'string') return { error: `unreadable activation ${JSON.stringify(v)}` };
  const name = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return isActivationName(name) ? { value: name } : { error: `unsupported activation '${raw}'` };
}

/** Converts one Filterbank parameter value (normalised) to the form Keras writes in a config. */
export function paramToKeras(spec: ParamSpec, value: unknown): unknown {
  switch (spec.kind) {
    case 'initializer':
      return initializerToKeras(value as InitializerName);
    case 'padding2d': {
      const p = value as { top: number; bottom: number; left: number; right: number };
      return [
        [p.top, p.bottom],
        [p.left, p.right],
      ];
    }
    case 'pair':
      return value === null ? null : [...(value as number[])];
    case 'shape':
      return [null, ...(value as number[])];
    default:
      return value;
  }
}

/** Converts a Keras config value to Filterbank's JSON form of the parameter (validated later by the layer schema). */
export function paramFromKeras(spec: ParamSpec, v: unknown): { value: unknown } | { error: string } {
  switch (spec.kind) {
    case 'initializer':
      return initializerFromKeras(v);
    case 'activation':
      return activationFromKeras(v);
    default:
      return { value: v };
  }
}

/** Keras equality for option values: lists and tuples alike, an int equal to a pair of it, initialisers by meaning. */
export function kerasValueEquals(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string' && typeof actual === 'object' && actual !== null && 'class_name' in actual) {
    const init = initializerFromKeras(actual);
    return 'value' in init && init.value === expected;
  }
  if (Array.isArray(expected) && typeof actual === 'number') return expected.every((e) => e === actual);
  if (Array.isArray(expected) && Array.isArray(actual))
    return expected.length === actual.length && expected.every((e, i) => kerasValueEquals(e, actual[i]));
  return expected === actual;
}
