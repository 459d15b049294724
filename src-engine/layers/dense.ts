import { activationParam, biasInitializerParam, kernelInitializerParam, useBiasParam } from './shared-params';
import { defineLayer } from './types';

export const Dense = defineLayer({
  className: 'Dense',
  category: 'core',
  kerasFixed: {
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    lora_rank: null,
  },
  description: 'A fully connected layer; on inputs of higher rank it applies to the last axis, as Keras does.',
  params: {
    units: { kind: 'int', default: 64, min: 1, max: 1 << 24, kerasName: 'units', help: 'How many output units.' },
    activation: activationParam(),
    useBias: useBiasParam,
    kernelInitializer: kernelInitializerParam,
    biasInitializer: biasInitializerParam,
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: 'dense',
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: ([input], p) => ({ shape: [...input.slice(0, -1), p.units] }),
  weights([input], p) {
    const kernel = {
      name: 'kernel',
      shape: [input[input.length - 1], p.units],
      trainable: true,
      initializer: p.kernelInitializer,
    };
    return p.useBias
      ? [kernel, { name: 'bias', shape: [p.units], trainable: true, initializer: p.biasInitializer }]
      : [kernel];
  },
  forward(ops, [x], w, p) {
    let y = ops.matMul(x, w.kernel);
    if (p.useBias) y = ops.biasAdd(y, w.bias);
    return p.activation === 'linear' ? y : ops.activation(y, p.activation);
  },
});
