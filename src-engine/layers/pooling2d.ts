import { requireImage, windowOutput } from './conv-utils';
import type { Pool2DAttrs } from '../ops/ops';
import type { ParamValues } from './params';
import { paddingParam } from './shared-params';
import { defineLayer, type Shape, type ShapeResult } from './types';

const poolParams = {
  poolSize: {
    kind: 'pair',
    default: [2, 2],
    min: 1,
    kerasName: 'pool_size',
    help: 'Height and width of the pooling window.',
  },
  strides: {
    kind: 'pair',
    default: null,
    nullable: true,
    min: 1,
    kerasName: 'strides',
    help: 'Step of the window; empty (None) means the pool size, as in Keras.',
  },
  padding: paddingParam,
} as const;

type PoolParams = ParamValues<typeof poolParams>;

function poolAttrs(p: PoolParams): Pool2DAttrs {
  return { poolSize: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding };
}

function poolShape(className: string, [input]: readonly Shape[], p: PoolParams): ShapeResult {
  const notImage = requireImage(className, input);
  if (notImage) return { problem: notImage };
  const a = poolAttrs(p);
  const out = windowOutput([input[0], input[1]], a.poolSize, a.strides, a.padding, {
    camel: 'poolSize',
    keras: 'pool_size',
  });
  if ('problem' in out) {
    out.problem.fixes = [
      ...(out.problem.fixes ?? []),
      { label: 'Remove this pooling layer', edit: { kind: 'removeNode' } },
    ];
    return out;
  }
  return { shape: [out.hw[0], out.hw[1], input[2]] };
}

export const MaxPooling2D = defineLayer({
  className: 'MaxPooling2D',
  category: 'pooling',
  kerasFixed: { data_format: 'channels_last' },
  description: 'Keeps the largest value in each window, shrinking the feature maps.',
  params: poolParams,
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'window', sizeParam: 'poolSize', stridesParam: 'strides' },
    showsFeatureMaps: true,
    classifierHead: null,
    kerasAliases: ['MaxPool2D'],
    filterWeight: null,
  },
  computeOutputShape: (inputs, p) => poolShape('MaxPooling2D', inputs, p),
  weights: () => [],
  forward: (ops, [x], _w, p) => ops.maxPool(x, poolAttrs(p)),
});

export const AveragePooling2D = defineLayer({
  className: 'AveragePooling2D',
  category: 'pooling',
  kerasFixed: { data_format: 'channels_last' },
  description: 'Averages each window, shrinking the feature maps.',
  params: poolParams,
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'window', sizeParam: 'poolSize', stridesParam: 'strides' },
    showsFeatureMaps: true,
    classifierHead: null,
    kerasAliases: ['AvgPool2D'],
    filterWeight: null,
  },
  computeOutputShape: (inputs, p) => poolShape('AveragePooling2D', inputs, p),
  weights: () => [],
  forward: (ops, [x], _w, p) => ops.avgPool(x, poolAttrs(p)),
});

function globalPoolShape(className: string, [input]: readonly Shape[]): ShapeResult {
  const notImage = requireImage(className, input);
  return notImage ? { problem: notImage } : { shape: [input[2]] };
}

export const GlobalAveragePooling2D = defineLayer({
  className: 'GlobalAveragePooling2D',
  category: 'pooling',
  kerasFixed: { data_format: 'channels_last', keepdims: false },
  description: 'Averages each channel over the whole image: (H, W, C) becomes (C).',
  params: {},
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'none' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: ['GlobalAvgPool2D'],
    filterWeight: null,
  },
  computeOutputShape: (inputs) => globalPoolShape('GlobalAveragePooling2D', inputs),
  weights: () => [],
  forward: (ops, [x]) => ops.globalAvgPool(x),
});

export const GlobalMaxPooling2D = defineLayer({
  className: 'GlobalMaxPooling2D',
  category: 'pooling',
  kerasFixed: { data_format: 'channels_last', keepdims: false },
  description: "Takes each channel's maximum over the whole image: (H, W, C) becomes (C).",
  params: {},
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'none' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: ['GlobalMaxPool2D'],
    filterWeight: null,
  },
  computeOutputShape: (inputs) => globalPoolShape('GlobalMaxPooling2D', inputs),
  weights: () => [],
  forward: (ops, [x]) => ops.globalMaxPool(x),
});
