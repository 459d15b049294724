import { defineLayer } from './types';

export const BatchNormalization = defineLayer({
  className: 'BatchNormalization',
  category: 'normalization',
  kerasFixed: {
    beta_initializer: 'zeros',
    gamma_initializer: 'ones',
    moving_mean_initializer: 'zeros',
    moving_variance_initializer: 'ones',
    beta_regularizer: null,
    gamma_regularizer: null,
    beta_constraint: null,
    gamma_constraint: null,
    synchronized: false,
  },
  description: 'Normalises each channel with batch statistics while training and moving averages at inference.',
  params: {
    axis: {
      kind: 'axis',
      default: -1,
      kerasName: 'axis',
      help: 'The channel axis; Filterbank normalises the last axis (-1), as channels_last Keras models do.',
    },
    momentum: {
      kind: 'float',
      default: 0.99,
      min: 0,
      max: 1,
      kerasName: 'momentum',
      help: 'Momentum of the moving averages.',
    },
    epsilon: {
      kind: 'float',
      default: 0.001,
      min: 0,
      exclusiveMin: true,
      kerasName: 'epsilon',
      help: 'Added to the variance to avoid dividing by zero.',
    },
    center: { kind: 'bool', default: true, kerasName: 'center', help: 'Learn an offset beta.' },
    scale: { kind: 'bool', default: true, kerasName: 'scale', help: 'Learn a scale gamma.' },
  },
  inputs: { min: 1, max: 1 },
  traits: {
    receptiveField: { kind: 'pointwise' },
    showsFeatureMaps: false,
    classifierHead: 'passes-through',
    kerasAliases: [],
    filterWeight: null,
  },
  computeOutputShape([input], p) {
    const rank = input.length + 1;
    if (p.axis !== -1 && p.axis !== rank - 1) {
      return {
        problem: {
          param: 'axis',
          message:
            `axis ${p.axis} is not supported: Filterbank normalises the channel axis, which is -1 (or ` +
            `${rank - 1}) for this rank-${rank} input`,
          fixes: [{ label: 'Use axis -1', edit: { kind: 'setParam', param: 'axis', value: -1 } }],
        },
      };
    }
    return { shape: input };
  },
  weights([input], p) {
    const c = [input[input.length - 1]];
    return [
      ...(p.scale ? [{ name: 'gamma', shape: c, trainable: true, initializer: 'ones' as const }] : []),
      ...(p.center ? [{ name: 'beta', shape: c, trainable: true, initializer: 'zeros' as const }] : []),
      { name: 'moving_mean', shape: c, trainable: false, initializer: 'zeros' },
      { name: 'moving_variance', shape: c, trainable: false, initializer: 'ones' },
    ];
  },
  forward(ops, [x], w, p, ctx) {
    const gamma = p.scale ? w.gamma : null;
    const beta = p.center ? w.beta : null;
    if (!ctx.training) return ops.batchNorm(x, w.moving_mean, w.moving_variance, gamma, beta, p.epsilon);
    const { output, mean, variance } = ops.batchNormTrain(x, gamma, beta, p.epsilon);
    ctx.setState('moving_mean', ops.movingAverage(w.moving_mean, mean, p.momentum));
    ctx.setState('moving_variance', ops.movingAverage(w.moving_variance, variance, p.momentum));
    return output;
  },
});
