import { CONV_KERNELS } from './conv';
import { DENSE_KERNELS } from './dense';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { LOSS_KERNELS } from './losses';
import { NORM_KERNELS } from './norm';
import { OPTIMIZER_KERNELS } from './optimizers';
import { POOL_KERNELS } from './pool';
import { SHAPE_KERNELS } from './shape';
import type { WebGpuKernels } from './types';

/** Every kernel of the contract, one file per family; the type requires the whole contract. */
export const WEBGPU_KERNELS: WebGpuKernels = {
  ...CONV_KERNELS,
  ...DENSE_KERNELS,
  ...POOL_KERNELS,
  ...SHAPE_KERNELS,
  ...ELEMENTWISE_KERNELS,
  ...NORM_KERNELS,
  ...LOSS_KERNELS,
  ...OPTIMIZER_KERNELS,
};
