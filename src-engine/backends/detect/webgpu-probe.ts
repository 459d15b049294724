import { installWebGPUNavigator, isWebGPUModule, type DawnAdapter } from '../webgpu-navigator';
import { compareVersions, firstLine, type ProbeEnvironment } from './environment';
import { available, unavailable, type BackendDetails, type BackendProbe } from './probe';

/** The oldest glibc the prebuilt dawn.node in the `webgpu` package links against (it asks for GLIBC_2.38). */
export const WEBGPU_MIN_GLIBC = '2.38';

const ADAPTER_TIMEOUT_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function adapterDetails(adapter: DawnAdapter): BackendDetails {
  const info = adapter.info ?? {};
  const details: BackendDetails = {};
  for (const key of ['vendor', 'architecture', 'device', 'description'] as const) {
    const value = info[key];
    if (typeof value === 'string' && value !== '') details[key] = value;
  }
  if ((info as { isFallbackAdapter?: unknown }).isFallbackAdapter === true) details.fallback = true;
  return details;
}

function loadFailureReason(error: unknown): string {
  const message = firstLine(error);
  if (/GLIBCXX_3\.4\.3[2-9]/.test(message)) {
    return `the webgpu package failed to load: it needs libstdc++ from GCC 13 or newer (${message})`;
  }
  if (/GLIBC_2\.\d+/.test(message)) {
    return `the webgpu package failed to load: it needs glibc ${WEBGPU_MIN_GLIBC} or newer (${message})`;
  }
  if (/Cannot find (module|package) 'webgpu'/.test(message)) {
    return 'the webgpu package is not installed; run `npm install` (it comes with gpu.js)';
  }
  return `the webgpu package failed to load: ${message}`;
}

/**
 * webgpu runs where Dawn loads, finds an adapter (a Vulkan, Metal or D3D12 driver) and hands out a
 * device. The glibc check comes first because a too-old glibc makes the load fail with a linker error
 * that names a symbol version rather than the cause.
 */
export async function probeWebGPU(env: ProbeEnvironment): Promise<BackendProbe> {
  const details: BackendDetails = {};
  if (env.platform === 'linux') {
    if (env.glibcVersion === null) {
      return unavailable('webgpu', 'the webgpu package is built for glibc; this system uses another C library (musl?)');
    }
    details.glibc = env.glibcVersion;
    if (compareVersions(env.glibcVersion, WEBGPU_MIN_GLIBC) < 0) {
      return unavailable(
        'webgpu',
        `the webgpu package needs glibc ${WEBGPU_MIN_GLIBC} or newer; this system has ${env.glibcVersion}`,
        details,
      );
    }
  }

  let module: unknown;
  try {
    module = await env.importModule('webgpu');
  } catch (error) {
    return unavailable('webgpu', loadFailureReason(error), details);
  }
  if (!isWebGPUModule(module))
    return unavailable('webgpu', 'the webgpu package loaded but does not export create() and globals', details);

  const uninstall = installWebGPUNavigator(module);
  try {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(o?: unknown): Promise<DawnAdapter | null> } } })
      .navigator?.gpu;
    if (!gpu) return unavailable('webgpu', 'navigator.gpu could not be installed', details);
    const adapter = await withTimeout(
      gpu.requestAdapter({ powerPreference: 'high-performance' }),
      ADAPTER_TIMEOUT_MS,
      'requestAdapter',
    );
    if (!adapter) {
      return unavailable(
        'webgpu',
        'Dawn found no GPU adapter: no Vulkan driver answered (install the GPU vendor driver, or ' +
          'mesa-vulkan-drivers for a software adapter)',
        details,
      );
    }
    Object.assign(details, adapterDetails(adapter));
    const device = await withTimeout(adapter.requestDevice(), ADAPTER_TIMEOUT_MS, 'requestDevice');
    device.destroy();
    return available('webgpu', details);
  } catch (error) {
    return unavailable('webgpu', `WebGPU adapter or device request failed: ${firstLine(error)}`, details);
  } finally {
    uninstall();
  }
}
