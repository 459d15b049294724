import { defineLayer } from './types';

export const InputLayer = defineLayer({
  className: 'InputLayer',
  category: 'input',
  kerasFixed: { sparse: false, ragged: false },
  description: "The model input: one sample's shape, (height, width, channels) for images.",
  params: {
    shape: {
      kind: 'shape',
      default: [28, 28, 1],
      minRank: 1,
      maxRank: 3,
      kerasName: 'shape',
      help: 'The shape of one sample without the batch axis, e.g. (28, 28, 1) for grayscale 28×28 images.',
    },
  },
  inputs: { min: 0, max: 0 },
  traits: {
    receptiveField: { kind: 'none' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: (_inputs, p) => ({ shape: p.shape }),
  weights: () => [],
  forward: (_ops, inputs) => inputs[0],
});
