import type { ActivationName } from '../core/activations';
import type { InitializerName } from '../core/initializers';
import { ExportError } from './types';

/**
 * Activation names as TF.js reads them from a Keras config (it camel-cases the value) and as Keras reads them.
 * silu is swish with β = 1 in both. A string instead says why TF.js cannot compute Filterbank's activation.
 */
const TFJS_ACTIVATIONS: Record<ActivationName, string | { missing: string }> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hard_sigmoid: {
    missing: "TensorFlow.js' hard_sigmoid is 0.2·x + 0.5 (Keras 2), not Filterbank's and Keras 3's relu6(x + 3)/6",
  },
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  gelu: 'gelu',
  leaky_relu: { missing: 'TensorFlow.js has no leaky_relu activation function' },
  exponential: { missing: 'TensorFlow.js has no exponential activation function' },
};

/** The activation's snake_case name that both TF.js and Keras load; throws for those TF.js lacks. */
export function tfjsActivation(name: ActivationName, layer: string): string {
  const mapped = TFJS_ACTIVATIONS[name];
  if (typeof mapped !== 'string') {
    throw new ExportError(
      `activation '${name}' cannot be exported to TensorFlow.js: ${mapped.missing}; choose another activation ` +
        `(e.g. 'elu' or 'relu') or export the Keras script`,
      layer,
    );
  }
  return mapped;
}

/** snake_case → camelCase, as TF.js' layer arguments and identifiers are spelt. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** TF.js' identifier for an initialiser in layer arguments (`kernelInitializer: 'glorotUniform'`). */
export function tfjsInitializerIdentifier(name: InitializerName): string {
  return name.startsWith('lecun_')
    ? name.replace('lecun_', 'leCun_').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    : toCamelCase(name);
}

/** The `tf.layers` factory for a Keras class: Conv2D → conv2d, MaxPooling2D → maxPooling2d. */
export function tfjsLayerFactory(className: string): string {
  return (className[0].toLowerCase() + className.slice(1)).replace(/2D$/, '2d');
}
