/**
 * The names every floor and both apps share: optimizers, losses, backend choices, why training stopped, and
 * Keras' default learning rates. One list each, on the lowest floor, so nothing reaches up or keeps a copy.
 */

/** Optimizers a training run offers; 'momentum' is SGD with momentum 0.9, 'nesterov' adds Nesterov. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Keras 3's default learning rate per optimizer: what a null learning rate in the settings means. */
export const KERAS_DEFAULT_LEARNING_RATE: Readonly<Record<OptimizerName, number>> = {
  sgd: 0.01,
  momentum: 0.01,
  nesterov: 0.01,
  adam: 0.001,
  rmsprop: 0.001,
};

/** Keras loss names the engine computes (`model.compile(loss=...)`). */
export const LOSS_NAMES = [
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_crossentropy',
  'mean_squared_error',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** The losses training settings offer: the classifier losses and MSE (binary crossentropy is not offered). */
export const TRAINING_LOSS_NAMES = [
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'mean_squared_error',
] as const;
export type TrainingLossName = (typeof TRAINING_LOSS_NAMES)[number];

/**
 * What the user may ask to train on: `auto` for the fastest that works, one backend by name, or the reference engine.
 */
export const BACKEND_CHOICES = ['auto', 'reference', 'webgpu', 'headlessgl', 'webasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Why a training run ended. */
export const STOP_REASONS = ['completed', 'early-stopping', 'cancelled', 'diverged'] as const;
export type StopReason = (typeof STOP_REASONS)[number];
