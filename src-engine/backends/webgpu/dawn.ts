/// <reference types="@webgpu/types" />
import { isWebGPUModule } from '../webgpu-navigator';

export interface DawnDevice {
  device: GPUDevice;
  /** The adapter, as Dawn describes it (vendor, architecture, device). */
  adapter: string;
  /** Destroys the device, then lets Dawn's instance go. */
  release(): void;
}

/**
 * A WebGPU device from Dawn (the `webgpu` package) in Node, with the adapter's largest storage-buffer
 * limits (the defaults cap one binding at 128 MiB: a large batch of large images needs more). Nothing is
 * installed globally: the engine talks to the device directly.
 */
export async function requestDawnDevice(
  importModule: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<DawnDevice> {
  const module = await importModule('webgpu');
  if (!isWebGPUModule(module)) throw new Error('the webgpu package loaded but does not export create() and globals');
  const gpu = module.create([]) as unknown as GPU;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('Dawn found no GPU adapter (no Vulkan, Metal or D3D12 driver answered)');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
    },
  });
  const info = adapter.info;
  // The device does not keep Dawn's instance (the object create() returned) alive. Once it is garbage-collected,
  // Dawn tears the device down under its user: a segfault, an abort, or a mapAsync that never settles (a
  // training run that hangs). `release` holds the instance until the device's owner is done with it.
  let instance: GPU | null = gpu;
  const release = () => {
    device.destroy();
    instance = null;
  };
  return {
    device,
    release: () => (instance ? release() : undefined),
    adapter: [info?.vendor, info?.architecture, info?.device, info?.description]
      .filter((s) => typeof s === 'string' && s !== '')
      .join(' '),
  };
}
