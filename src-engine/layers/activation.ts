import { activationParam } from './shared-params';
import { defineLayer } from './types';

export const Activation = defineLayer({
  className: 'Activation',
  category: 'core',
  description: 'Applies an activation function element-wise (softmax over the last axis).',
  params: { activation: activationParam('relu') },
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
  forward: (ops, [x], _w, p) => (p.activation === 'linear' ? x : ops.activation(x, p.activation)),
});
