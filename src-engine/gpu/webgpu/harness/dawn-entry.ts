/// <reference types="@webgpu/types" />
import { createInterface } from 'node:readline';
import { isWebGPUModule } from '../../webgpu-navigator';
import { requestDawnDevice } from '../dawn';
import { WebGpuRuntime } from '../runtime';
import { ANSWER_MARKER } from './dawn-node';
import { createKernelHarness, type WebGpuHarness } from './kernel-harness';

// Runs in a Node process started by `dawn-node.ts` (through a private glibc where the system's is older than
// Dawn needs): the kernel harness over Dawn's Node build. One JSON request per stdin line, one answer per
// stdout line behind a marker, because Dawn writes its own warnings to the same terminal.

const module = await import('webgpu');
if (!isWebGPUModule(module)) throw new Error('the webgpu package does not export create() and globals');
Object.assign(globalThis, module.globals);
// Held for the whole process: Dawn tears devices down once its instance is garbage-collected.
const instance = module.create([]) as unknown as GPU;

/**
 * A device from `requestDawnDevice` (the engine's own path, which drops its reference to Dawn's instance) used
 * across garbage collections: Dawn crashed or hung here before the device kept its instance alive.
 */
async function deviceOutlivesGc(rounds: number): Promise<{ gc: boolean; sums: number[] }> {
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

const harness = { ...createKernelHarness(() => instance), deviceOutlivesGc } as unknown as Record<keyof DawnHarness, (...args: unknown[]) => Promise<unknown>>;
export type DawnHarness = WebGpuHarness & { deviceOutlivesGc: typeof deviceOutlivesGc };

const answer = (message: object) => process.stdout.write(`${ANSWER_MARKER}${JSON.stringify(message)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const { id, name, args } = JSON.parse(line) as { id: number; name: keyof WebGpuHarness; args: unknown[] };
  try {
    answer({ id, ok: true, value: await harness[name](...args) });
  } catch (error) {
    answer({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
process.exit(0);
