import type { ParamSpec } from './params';

/** Parameter specs several layers share, so their Keras names, defaults and help text stay identical. */
export const activationParam = (defaultName = 'linear') =>
  ({
    kind: 'activation',
    default: defaultName,
    kerasName: 'activation',
    help: "Applied to the layer's output; 'linear' means none.",
  }) as const satisfies ParamSpec;

export const paddingParam = {
  kind: 'enum',
  options: ['valid', 'same'] as const,
  default: 'valid',
  kerasName: 'padding',
  help: "'valid' uses no padding, so the output shrinks; 'same' pads with zeros so that the output is ⌈input/strides⌉.",
} as const satisfies ParamSpec;

export const useBiasParam = {
  kind: 'bool',
  default: true,
  kerasName: 'use_bias',
  help: 'Whether the layer adds a learned bias vector.',
} as const satisfies ParamSpec;

export const kernelInitializerParam = {
  kind: 'initializer',
  default: 'glorot_uniform',
  kerasName: 'kernel_initializer',
  help: 'How the kernel weights are initialised.',
} as const satisfies ParamSpec;

export const biasInitializerParam = {
  kind: 'initializer',
  default: 'zeros',
  kerasName: 'bias_initializer',
  help: 'How the bias vector is initialised.',
} as const satisfies ParamSpec;
