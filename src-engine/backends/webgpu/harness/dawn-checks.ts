/// <reference types="@webgpu/types" />
import { requestDawnDevice } from '../dawn';
import { WebGpuRuntime } from '../runtime';
import type { WebGpuHarness } from './kernel-harness';

// What the Dawn harness process (dawn-entry.ts) answers beyond the shared kernel harness, and the marker of its
// answers on stdout; imported by both ends (dawn-node.ts launches it).
export const ANSWER_MARKER = '@@filterbank-harness ';

/**
 * A device from `requestDawnDevice` (the engine's own path, which drops its reference to Dawn's instance) used
 * across garbage collections: Dawn crashed or hung here before the device kept its instance alive.
 */
export async function deviceOutlivesGc(rounds: number): Promise<{ gc: boolean; sums: number[] }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const dawn = await requestDawnDevice();
  const rt = new WebGpuRuntime(dawn.device);
  const sums: number[] = [];
  for (let i = 0; i < rounds; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [values] = await rt.scoped(() => rt.read([rt.upload([3], Float32Array.of(i, i, i))]));
    sums.push(values!.reduce((a, b) => a + b, 0));
  }
  rt.destroy();
  dawn.release();
  return { gc: gc !== undefined, sums };
}

export type DawnHarness = WebGpuHarness & { deviceOutlivesGc: typeof deviceOutlivesGc };
