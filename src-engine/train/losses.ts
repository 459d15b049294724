import type { EngineOps } from '../autograd/engine-ops';
import { LOSS_NAMES, type LossName } from '../core/vocabulary';

export function isLossName(name: unknown): name is LossName {
  return typeof name === 'string' && (LOSS_NAMES as readonly string[]).includes(name);
}

export interface LossOptions {
  /**
   * `output` holds logits (Keras' from_logits). Softmax/sigmoid outputs made by `ops.activation` are detected anyway.
   */
  fromLogits?: boolean;
}

/**
 * The scalar training loss as Keras computes it: the per-sample loss over the last axis, then the mean
 * over everything else ('sum_over_batch_size'). As in Keras 3's TF backend, when `output` came from a
 * softmax (categorical losses) or a sigmoid (binary crossentropy) the loss is computed from the logits
 * behind it, which is numerically stable; otherwise probabilities are clipped to [1e-7, 1 − 1e-7].
 * Gradients flow to `output` (or its logits) through the active tape; `target` is a constant.
 */
export function computeLoss<T>(ops: EngineOps<T>, name: LossName, target: T, output: T, options: LossOptions = {}): T {
  return ops.run('Mean', [perSampleLoss(ops, name, target, output, options)], {})[0];
}

/** The unreduced loss: one value per sample (the output's shape without its last axis). */
export function perSampleLoss<T>(
  ops: EngineOps<T>,
  name: LossName,
  target: T,
  output: T,
  options: LossOptions = {},
): T {
  const withLogits = (activation: 'softmax' | 'sigmoid'): { output: T; fromLogits: boolean } => {
    const source = ops.logitsOf(output);
    if (source && source.activation === activation) return { output: source.logits, fromLogits: true };
    return { output, fromLogits: options.fromLogits ?? false };
  };
  switch (name) {
    case 'categorical_crossentropy': {
      const x = withLogits('softmax');
      return ops.run('CategoricalCrossentropy', [target, x.output], { fromLogits: x.fromLogits })[0];
    }
    case 'sparse_categorical_crossentropy': {
      const x = withLogits('softmax');
      return ops.run('SparseCategoricalCrossentropy', [target, x.output], { fromLogits: x.fromLogits })[0];
    }
    case 'binary_crossentropy': {
      const x = withLogits('sigmoid');
      return ops.run('BinaryCrossentropy', [target, x.output], { fromLogits: x.fromLogits })[0];
    }
    case 'mean_squared_error':
      return ops.run('MeanSquaredError', [target, output], {})[0];
    default:
      throw new Error(`unknown loss '${String(name)}'; expected one of ${LOSS_NAMES.join(', ')}`);
  }
}
