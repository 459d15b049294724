import { KERNEL_NAMES, type Backend, type FloatArray, type KernelImpls, type KernelName } from '../../kernels/contracts';
import { WEBGPU_KERNELS } from './kernels';
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
  const kernels = Object.fromEntries(KERNEL_NAMES.map((name: KernelName) => [name, (inputs: never, attrs: never) => (WEBGPU_KERNELS[name] as (...a: unknown[]) => unknown)(rt, inputs, attrs)])) as unknown as KernelImpls<GpuTensor>;
  return {
    name: 'webgpu',
    runtime: rt,
    kernels,
    shapeOf: (x) => x.shape,
    fromValues: (shape, values: FloatArray) => rt.upload(shape, values),
    toValues: () => {
      throw new Error('webgpu tensors live on the GPU and have no synchronous readback: read them with `await backend.read([tensor])`');
    },
    read: (tensors) => rt.read(tensors),
    zeros: (shape) => {
      const t = rt.tensor(shape);
      rt.dispatch({
        key: `Zero|${t.size}`,
        code: () => `@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * ${Math.min(65535, Math.max(1, Math.ceil(t.size / 64))) * 64}u;
  if (i < ${t.size}u) { y[i] = 0.0; }
}`,
        buffers: [t.buffer],
        groups: [Math.min(65535, Math.max(1, Math.ceil(t.size / 64))), Math.max(1, Math.ceil(Math.ceil(t.size / 64) / 65535))],
      });
      return t;
    },
  };
}
