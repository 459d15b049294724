import { requireImage } from './conv-utils';
import { defineLayer } from './types';

export const ZeroPadding2D = defineLayer({
  className: 'ZeroPadding2D',
  category: 'reshaping',
  kerasFixed: { data_format: 'channels_last' },
  description: 'Adds rows and columns of zeros around the image.',
  params: {
    padding: {
      kind: 'padding2d',
      default: 1,
      kerasName: 'padding',
      help: 'An int, (symmetric_height, symmetric_width), or ((top, bottom), (left, right)).',
    },
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'pad', paddingParam: 'padding' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape([input], p) {
    const notImage = requireImage('ZeroPadding2D', input);
    if (notImage) return { problem: notImage };
    const { top, bottom, left, right } = p.padding;
    return { shape: [input[0] + top + bottom, input[1] + left + right, input[2]] };
  },
  weights: () => [],
  forward: (ops, [x], _w, p) => ops.pad2d(x, p.padding),
});
