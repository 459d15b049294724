import type { WebGpuKernels } from './types';

// PLACEHOLDER: being written on the webgpu-kernels branch.
export const OPTIMIZER_KERNELS: Pick<WebGpuKernels, 'SGDUpdate' | 'MomentumUpdate' | 'AdamUpdate' | 'RMSpropUpdate'> = {
  SGDUpdate: () => {
    throw new Error('SGDUpdate: not written yet');
  },
  MomentumUpdate: () => {
    throw new Error('MomentumUpdate: not written yet');
  },
  AdamUpdate: () => {
    throw new Error('AdamUpdate: not written yet');
  },
  RMSpropUpdate: () => {
    throw new Error('RMSpropUpdate: not written yet');
  },
};
