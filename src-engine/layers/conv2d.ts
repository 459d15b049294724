import { requireImage, windowOutput } from './conv-utils';
import {
  activationParam,
  biasInitializerParam,
  kernelInitializerParam,
  paddingParam,
  useBiasParam,
} from './shared-params';
import { defineLayer } from './types';

export const Conv2D = defineLayer({
  className: 'Conv2D',
  category: 'convolution',
  kerasFixed: {
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    groups: 1,
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
    lora_rank: null,
  },
  description: 'A bank of learned filters slid over the image; each filter produces one output channel.',
  params: {
    filters: {
      kind: 'int',
      default: 32,
      min: 1,
      max: 65536,
      kerasName: 'filters',
      help: 'How many filters, i.e. output channels.',
    },
    kernelSize: {
      kind: 'pair',
      default: [3, 3],
      min: 1,
      kerasName: 'kernel_size',
      help: 'Height and width of each filter.',
    },
    strides: {
      kind: 'pair',
      default: [1, 1],
      min: 1,
      kerasName: 'strides',
      help: 'Step of the filter along height and width.',
    },
    padding: paddingParam,
    activation: activationParam(),
    useBias: useBiasParam,
    kernelInitializer: kernelInitializerParam,
    biasInitializer: biasInitializerParam,
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'window', sizeParam: 'kernelSize', stridesParam: 'strides' },
    showsFeatureMaps: true,
    classifierHead: null,
    kerasAliases: ['Convolution2D'],
    filterWeight: 'kernel',
  },
  computeOutputShape([input], p) {
    const notImage = requireImage('Conv2D', input);
    if (notImage) return { problem: notImage };
    const out = windowOutput([input[0], input[1]], p.kernelSize, p.strides, p.padding, {
      camel: 'kernelSize',
      keras: 'kernel_size',
    });
    return 'problem' in out ? out : { shape: [out.hw[0], out.hw[1], p.filters] };
  },
  weights([input], p) {
    const kernel = {
      name: 'kernel',
      shape: [p.kernelSize[0], p.kernelSize[1], input[2], p.filters],
      trainable: true,
      initializer: p.kernelInitializer,
    };
    return p.useBias
      ? [kernel, { name: 'bias', shape: [p.filters], trainable: true, initializer: p.biasInitializer }]
      : [kernel];
  },
  forward(ops, [x], w, p) {
    let y = ops.conv2d(x, w.kernel, { strides: p.strides, padding: p.padding });
    if (p.useBias) y = ops.biasAdd(y, w.bias);
    return p.activation === 'linear' ? y : ops.activation(y, p.activation);
  },
});
