import {
  KERNEL_NAMES,
  type Backend,
  type FloatArray,
  type KernelImpls,
  type KernelName,
} from '../../kernels/contracts';
import { WEBGPU_KERNELS } from './kernels';
import { zeros } from './kernels/wgsl';
import type { GpuTensor, WebGpuRuntime } from './runtime';

/**
 * The kernel contract on WebGPU. Tensors stay on the device: `toValues` refuses (WebGPU has no synchronous
 * readback) and results come back through `read`, which resolves once the GPU has finished.
 */
export interface WebGpuBackend extends Backend<GpuTensor> {
  readonly runtime: WebGpuRuntime;
  read(tensors: readonly GpuTensor[]): Promise<Float32Array[]>;
  zeros(shape: readonly number[]): GpuTensor;
}

export function createWebGpuBackend(rt: WebGpuRuntime): WebGpuBackend {
  const kernels = Object.fromEntries(
    KERNEL_NAMES.map((name: KernelName) => [
      name,
      (inputs: never, attrs: never) => (WEBGPU_KERNELS[name] as (...a: unknown[]) => unknown)(rt, inputs, attrs),
    ]),
  ) as unknown as KernelImpls<GpuTensor>;
  return {
    name: 'webgpu',
    runtime: rt,
    kernels,
    shapeOf: (x) => x.shape,
    fromValues: (shape, values: FloatArray) => rt.upload(shape, values),
    toValues: () => {
      throw new Error(
        'webgpu tensors live on the GPU and have no synchronous ' +
          'readback: read them with `await backend.read([tensor])`',
      );
    },
    read: (tensors) => rt.read(tensors),
    zeros: (shape) => zeros(rt, shape),
  };
}
