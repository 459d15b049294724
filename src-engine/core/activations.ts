/** Activation names accepted by Keras' `activation=` argument that Filterbank implements. */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'silu',
  'gelu',
  'leaky_relu',
  'exponential',
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}
