import type { LOSS_NAMES, OPTIMIZER_NAMES } from '../model/settings';

export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export type LossName = (typeof LOSS_NAMES)[number];
