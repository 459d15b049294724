import { defineLayer } from './types';

export const Dropout = defineLayer({
  className: 'Dropout',
  category: 'regularization',
  kerasFixed: { noise_shape: null },
  description:
    'While training, zeroes a random fraction of the inputs and scales the rest up; does nothing at inference.',
  params: {
    rate: {
      kind: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      exclusiveMax: true,
      kerasName: 'rate',
      help: 'Fraction of the inputs to drop, in [0, 1).',
    },
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: 'passes-through',
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: ([input]) => ({ shape: input }),
  weights: () => [],
  forward: (ops, [x], _w, p, ctx) => (ctx.training && p.rate > 0 ? ops.dropout(x, p.rate) : x),
});
