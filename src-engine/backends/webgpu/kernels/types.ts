import type { KernelAttrs, KernelInputs, KernelName, KernelOutputs } from '../../../kernels/contracts';
import type { GpuTensor, WebGpuRuntime } from '../runtime';

/** One kernel of the contract on WebGPU: records its dispatches on `rt` and returns resident outputs. */
export type WebGpuKernel<K extends KernelName> = (
  rt: WebGpuRuntime,
  inputs: KernelInputs<K, GpuTensor>,
  attrs: KernelAttrs<K>,
) => KernelOutputs<K, GpuTensor>;

export type WebGpuKernels = { [K in KernelName]: WebGpuKernel<K> };

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function sameShape(kernel: string, a: GpuTensor, b: GpuTensor, names: [string, string]): void {
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(
      `${kernel}: ${names[0]} [${a.shape.join(', ')}] and ${names[1]} [${b.shape.join(', ')}] must have the same shape`,
    );
  }
}
