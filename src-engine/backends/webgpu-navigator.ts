/**
 * Installs Dawn (the `webgpu` npm package) as `navigator.gpu`, the API gpu.js' webgpu backend looks for.
 *
 * gpu.js assigns `device.onuncapturederror = fn`, which dawn.node rejects ("object is not of the correct
 * interface type"); the devices handed out here get an own setter that forwards to addEventListener.
 */

export interface DawnAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export interface DawnDevice {
  addEventListener(type: 'uncapturederror', listener: (event: unknown) => void): void;
  destroy(): void;
}

export interface DawnAdapter {
  info?: DawnAdapterInfo;
  requestDevice(descriptor?: unknown): Promise<DawnDevice>;
}

export interface DawnGPU {
  requestAdapter(options?: unknown): Promise<DawnAdapter | null>;
}

export interface WebGPUModule {
  create(options: string[]): DawnGPU;
  globals: object;
}

export function isWebGPUModule(value: unknown): value is WebGPUModule {
  const m = value as Partial<WebGPUModule> | null;
  return typeof m === 'object' && m !== null && typeof m.create === 'function' && typeof m.globals === 'object';
}

function patchDevice(device: DawnDevice): DawnDevice {
  let handler: ((event: unknown) => void) | null = null;
  Object.defineProperty(device, 'onuncapturederror', {
    configurable: true,
    get: () => handler,
    set: (fn: ((event: unknown) => void) | null) => {
      handler = fn;
      if (fn) device.addEventListener('uncapturederror', fn);
    },
  });
  return device;
}

function patchAdapter(adapter: DawnAdapter): DawnAdapter {
  const requestDevice = adapter.requestDevice.bind(adapter);
  adapter.requestDevice = async (descriptor?: unknown) => patchDevice(await requestDevice(descriptor));
  return adapter;
}

/** Wraps Dawn's GPU object so every adapter and device it returns works with gpu.js. */
export function wrapDawnGPU(gpu: DawnGPU): DawnGPU {
  const requestAdapter = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (options?: unknown) => {
    const adapter = await requestAdapter(options);
    return adapter ? patchAdapter(adapter) : null;
  };
  return gpu;
}

interface NavigatorHolder {
  navigator?: { gpu?: unknown };
}

/**
 * Makes `navigator.gpu` the wrapped Dawn GPU. Returns a function that removes it again: dawn.node keeps
 * the process alive for as long as it is referenced.
 */
export function installWebGPUNavigator(module: WebGPUModule): () => void {
  const holder = globalThis as NavigatorHolder;
  Object.assign(globalThis, module.globals);
  const gpu = wrapDawnGPU(module.create([]));
  const existing = holder.navigator;
  if (existing && typeof existing === 'object') {
    Object.defineProperty(existing, 'gpu', { configurable: true, writable: true, value: gpu });
    return () => {
      delete existing.gpu;
    };
  }
  Object.defineProperty(globalThis, 'navigator', { configurable: true, writable: true, value: { gpu } });
  return () => {
    delete holder.navigator;
  };
}
