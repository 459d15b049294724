import { afterAll } from 'vitest';
import { openWebGpuPage } from './harness/chromium';
import { describeWebGpuSuite } from './harness/webgpu-suite.test-support';

/**
 * The WebGPU kernels and engine in Chromium's WebGPU (its own Dawn over SwiftShader). The same suite runs over
 * Dawn's Node build in webgpu-dawn.test.ts. Skips with the reason where Chromium or its adapter is missing.
 */
const session = await openWebGpuPage();
afterAll(() => (typeof session === 'string' ? undefined : session.close()));
describeWebGpuSuite('Chromium', session);
