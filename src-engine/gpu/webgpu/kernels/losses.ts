import type { WebGpuKernels } from './types';

// PLACEHOLDER: being written on the webgpu-kernels branch.
export const LOSS_KERNELS: Pick<WebGpuKernels, 'CategoricalCrossentropy' | 'CategoricalCrossentropyGrad' | 'SparseCategoricalCrossentropy' | 'SparseCategoricalCrossentropyGrad' | 'BinaryCrossentropy' | 'BinaryCrossentropyGrad' | 'MeanSquaredError' | 'MeanSquaredErrorGrad' | 'Mean' | 'MeanGrad'> = {
  CategoricalCrossentropy: () => {
    throw new Error('CategoricalCrossentropy: not written yet');
  },
  CategoricalCrossentropyGrad: () => {
    throw new Error('CategoricalCrossentropyGrad: not written yet');
  },
  SparseCategoricalCrossentropy: () => {
    throw new Error('SparseCategoricalCrossentropy: not written yet');
  },
  SparseCategoricalCrossentropyGrad: () => {
    throw new Error('SparseCategoricalCrossentropyGrad: not written yet');
  },
  BinaryCrossentropy: () => {
    throw new Error('BinaryCrossentropy: not written yet');
  },
  BinaryCrossentropyGrad: () => {
    throw new Error('BinaryCrossentropyGrad: not written yet');
  },
  MeanSquaredError: () => {
    throw new Error('MeanSquaredError: not written yet');
  },
  MeanSquaredErrorGrad: () => {
    throw new Error('MeanSquaredErrorGrad: not written yet');
  },
  Mean: () => {
    throw new Error('Mean: not written yet');
  },
  MeanGrad: () => {
    throw new Error('MeanGrad: not written yet');
  },
};
