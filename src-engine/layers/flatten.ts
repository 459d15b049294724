import { sizeOf } from '../core/tensor';
import { defineLayer } from './types';

export const Flatten = defineLayer({
  className: 'Flatten',
  category: 'reshaping',
  kerasFixed: { data_format: 'channels_last' },
  description: 'Unrolls each sample into one vector, e.g. (7, 7, 32) becomes (1568).',
  params: {},
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'none' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: ([input]) => ({ shape: [sizeOf(input)] }),
  weights: () => [],
  forward: (ops, [x]) => {
    const [batch, ...rest] = ops.shapeOf(x);
    return ops.reshape(x, [batch, sizeOf(rest)]);
  },
});
