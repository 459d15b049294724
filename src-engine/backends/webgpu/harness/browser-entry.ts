/// <reference types="@webgpu/types" />
import { createKernelHarness } from './kernel-harness';

// Runs in a Chromium page (WebGPU on SwiftShader in the tests); bundled by `chromium.ts`. Typed without the
// DOM library: the Node project type-checks this file too.
const gpu = (): GPU | undefined => (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
(globalThis as unknown as { webgpuHarness: unknown }).webgpuHarness = createKernelHarness(gpu);
