import { afterAll, describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../../kernels/contracts';
import { openWebGpuPage, type WebGpuPage } from './harness/chromium';

/**
 * The WebGPU kernels and engine, run where WebGPU exists on these machines: Chromium's Dawn over SwiftShader
 * (the `webgpu` package's Dawn needs a newer glibc than Debian 12 has; on the GPU machine the same code runs
 * through it, see src-engine/bench/gpu-machine.sh). Skips with the reason where Chromium or its adapter is missing.
 */
const session = await openWebGpuPage();
const skip = typeof session === 'string' ? session : null;
const page = session as WebGpuPage;
afterAll(() => (skip ? undefined : page.close()));

describe.skipIf(skip !== null)(`webgpu kernels in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('runs on a real WebGPU adapter', () => {
    expect(page.adapter).not.toBe('none');
  });

  it('matches the reference on every kernel of the contract (relative error < 1e-4)', async () => {
    const results = await page.call('conformance', KERNEL_NAMES);
    const failures = results.filter((r) => !r.errors.every((e) => e < 1e-4)).map((r) => `${r.kernel} (${r.label}): ${r.error ?? r.errors.map((e) => e.toExponential(2)).join(', ')}`);
    expect(failures).toEqual([]);
    expect(new Set(results.map((r) => r.kernel))).toEqual(new Set(KERNEL_NAMES));
  });
});
