import type { WebGpuKernels } from './types';

// PLACEHOLDER: being written on the webgpu-kernels branch.
export const ELEMENTWISE_KERNELS: Pick<WebGpuKernels, 'Activation' | 'ActivationGrad' | 'Softmax' | 'SoftmaxGrad' | 'Scale' | 'AddN' | 'Multiply' | 'MovingAverage'> = {
  Activation: () => {
    throw new Error('Activation: not written yet');
  },
  ActivationGrad: () => {
    throw new Error('ActivationGrad: not written yet');
  },
  Softmax: () => {
    throw new Error('Softmax: not written yet');
  },
  SoftmaxGrad: () => {
    throw new Error('SoftmaxGrad: not written yet');
  },
  Scale: () => {
    throw new Error('Scale: not written yet');
  },
  AddN: () => {
    throw new Error('AddN: not written yet');
  },
  Multiply: () => {
    throw new Error('Multiply: not written yet');
  },
  MovingAverage: () => {
    throw new Error('MovingAverage: not written yet');
  },
};
