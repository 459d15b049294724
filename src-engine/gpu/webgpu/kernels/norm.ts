import type { WebGpuKernels } from './types';

// PLACEHOLDER: being written on the webgpu-kernels branch.
export const NORM_KERNELS: Pick<WebGpuKernels, 'BatchNorm' | 'BatchNormGrad' | 'BatchNormTrain' | 'BatchNormTrainGrad'> = {
  BatchNorm: () => {
    throw new Error('BatchNorm: not written yet');
  },
  BatchNormGrad: () => {
    throw new Error('BatchNormGrad: not written yet');
  },
  BatchNormTrain: () => {
    throw new Error('BatchNormTrain: not written yet');
  },
  BatchNormTrainGrad: () => {
    throw new Error('BatchNormTrainGrad: not written yet');
  },
};
