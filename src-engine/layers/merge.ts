import { shapesEqual } from '../core/tensor';
import { defineLayer, type Shape, type ShapeResult } from './types';

const show = (s: Shape) => `(None, ${s.join(', ')})`;

function sameShapes(className: string, inputs: readonly Shape[]): ShapeResult {
  const first = inputs[0];
  const other = inputs.find((s) => !shapesEqual(s, first));
  if (other) {
    return {
      problem: {
        message:
          `${className} needs inputs of one shape but receives ${inputs.map(show).join(' and ')}; make the ` +
          `branches agree (e.g. a 1×1 Conv2D to match channels, or matching strides)`,
      },
    };
  }
  return { shape: first };
}

export const Add = defineLayer({
  className: 'Add',
  category: 'merge',
  description: 'Adds its inputs element-wise (residual connections); all inputs must have one shape.',
  params: {},
  inputs: { min: 2, max: 16 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: (inputs) => sameShapes('Add', inputs),
  weights: () => [],
  forward: (ops, xs) => ops.add(xs),
});

export const Multiply = defineLayer({
  className: 'Multiply',
  category: 'merge',
  description: 'Multiplies its inputs element-wise; all inputs must have one shape.',
  params: {},
  inputs: { min: 2, max: 16 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape: (inputs) => sameShapes('Multiply', inputs),
  weights: () => [],
  forward: (ops, xs) => ops.multiply(xs),
});

export const Concatenate = defineLayer({
  className: 'Concatenate',
  category: 'merge',
  description: 'Joins its inputs along one axis (channels by default); the other axes must match.',
  params: {
    axis: { kind: 'axis', default: -1, kerasName: 'axis', help: 'The axis to join along; -1 is the last (channels).' },
  },
  inputs: { min: 2, max: 16 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: null,
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape(inputs, p) {
    const rank = inputs[0].length + 1;
    if (inputs.some((s) => s.length + 1 !== rank)) {
      return {
        problem: { message: `Concatenate needs inputs of one rank but receives ${inputs.map(show).join(' and ')}` },
      };
    }
    const axis = p.axis < 0 ? rank + p.axis : p.axis;
    if (axis < 1 || axis >= rank) {
      return {
        problem: {
          param: 'axis',
          message:
            `axis ${p.axis} is out of range for rank-${rank} inputs ` +
            `(the batch axis 0 cannot be joined); use -1 to join channels`,
          fixes: [{ label: 'Use axis -1', edit: { kind: 'setParam', param: 'axis', value: -1 } }],
        },
      };
    }
    const a = axis - 1;
    const mismatch = inputs.find((s) => s.some((d, i) => i !== a && d !== inputs[0][i]));
    if (mismatch) {
      return {
        problem: {
          message:
            `Concatenate along axis ${p.axis} needs every other axis to match but receives ` +
            `${inputs.map(show).join(' and ')}`,
        },
      };
    }
    const out = [...inputs[0]];
    out[a] = inputs.reduce((sum, s) => sum + s[a], 0);
    return { shape: out };
  },
  weights: () => [],
  forward(ops, xs, _w, p) {
    return ops.concat(xs, p.axis);
  },
});
