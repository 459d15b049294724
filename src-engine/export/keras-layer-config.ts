import type { ActivationName } from '../core/activations';
import type { ParamSpec } from '../layers/params';
import type { InitializerName } from '../core/initializers';
import type { AnyLayerDefinition } from '../layers/types';
import { initializerToKeras, paramToKeras } from '../model/keras-config';
import { tfjsActivation } from './tfjs-names';

/**
 * Keras 3 options that Keras 2 (which the TF.js converter uses) or older Keras 3 releases reject. Filterbank supports
 * only their default value, so leaving them out loses nothing.
 */
const NEWER_KERAS_ONLY = new Set(['lora_rank', 'synchronized', 'ragged']);

const VARIANCE_SCALING: Partial<Record<InitializerName, { scale: number; mode: string }>> = {
  glorot_uniform: { scale: 1, mode: 'fan_avg' },
  glorot_normal: { scale: 1, mode: 'fan_avg' },
  he_uniform: { scale: 2, mode: 'fan_in' },
  he_normal: { scale: 2, mode: 'fan_in' },
  lecun_uniform: { scale: 1, mode: 'fan_in' },
  lecun_normal: { scale: 1, mode: 'fan_in' },
};

/**
 * An initialiser in the form TF.js, Keras 2 and Keras 3 all read: the variance-scaling families as VarianceScaling
 * (TF.js and Keras spell 'LecunNormal' differently; 'normal' means truncated normal in all three), the rest as
 * `{class_name, config}`.
 */
export function portableInitializer(name: InitializerName): { class_name: string; config: Record<string, unknown> } {
  const vs = VARIANCE_SCALING[name];
  if (vs)
    return {
      class_name: 'VarianceScaling',
      config: { ...vs, distribution: name.endsWith('_uniform') ? 'uniform' : 'normal', seed: null },
    };
  const keras = initializerToKeras(name);
  return { class_name: String(keras.class_name), config: keras.config as Record<string, unknown> };
}

function configValue(spec: ParamSpec, value: unknown, layer: string): unknown {
  switch (spec.kind) {
    case 'initializer':
      return portableInitializer(value as InitializerName);
    case 'activation':
      return tfjsActivation(value as ActivationName, layer);
    default:
      return paramToKeras(spec, value);
  }
}

export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * A layer's Keras config, built from its declaration: every parameter under its Keras name, then the options
 * Filterbank fixes at Keras' defaults. The form is what TF.js' `model.toJSON()` writes (Keras 2 style, which Keras 3
 * also reads): `batch_input_shape` for inputs, dtype as a string, initialisers as `{class_name, config}`.
 */
export function kerasLayerJson(def: AnyLayerDefinition, name: string, params: Record<string, unknown>): KerasLayerJson {
  const config: Record<string, unknown> = { name };
  if (def.className !== 'InputLayer') config.trainable = true;
  config.dtype = 'float32';
  for (const [camel, spec] of Object.entries(def.params)) {
    if (spec.kind === 'shape') config.batch_input_shape = paramToKeras(spec, params[camel]);
    else config[spec.kerasName] = configValue(spec, params[camel], name);
  }
  for (const [key, value] of Object.entries(def.kerasFixed ?? {})) {
    if (NEWER_KERAS_ONLY.has(key)) continue;
    config[key] =
      key.endsWith('_initializer') && typeof value === 'string' ? portableInitializer(value as InitializerName) : value;
  }
  return { class_name: def.className, config };
}
