import { defineLayer } from './types';

export const Rescaling = defineLayer({
  className: 'Rescaling',
  category: 'core',
  description: 'Multiplies the input by a scale and adds an offset, e.g. 1/255 to map pixels to [0, 1].',
  params: {
    scale: { kind: 'float', default: 1 / 255, kerasName: 'scale', help: 'Multiplier applied first.' },
    offset: { kind: 'float', default: 0, kerasName: 'offset', help: 'Added after scaling.' },
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: ([input]) => ({ shape: input }),
  weights: () => [],
  forward: (ops, [x], _w, p) => ops.scale(x, p.scale, p.offset),
});
