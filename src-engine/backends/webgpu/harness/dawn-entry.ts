/// <reference types="@webgpu/types" />
import { createInterface } from 'node:readline';
import { isWebGPUModule } from '../../webgpu-navigator';
import { ANSWER_MARKER, deviceOutlivesGc, type DawnHarness } from './dawn-checks';
import { createKernelHarness } from './kernel-harness';

// Runs in a Node process started by `dawn-node.ts` (through a private glibc where the system's is older than
// Dawn needs): the kernel harness over Dawn's Node build. One JSON request per stdin line, one answer per
// stdout line behind a marker, because Dawn writes its own warnings to the same terminal.

const module = await import('webgpu');
if (!isWebGPUModule(module)) throw new Error('the webgpu package does not export create() and globals');
Object.assign(globalThis, module.globals);
// Held for the whole process: Dawn tears devices down once its instance is garbage-collected.
const instance = module.create([]) as unknown as GPU;

const harness = { ...createKernelHarness(() => instance), deviceOutlivesGc } as unknown as Record<
  keyof DawnHarness,
  (...args: unknown[]) => Promise<unknown>
>;

const answer = (message: object) => process.stdout.write(`${ANSWER_MARKER}${JSON.stringify(message)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const { id, name, args } = JSON.parse(line) as { id: number; name: keyof DawnHarness; args: unknown[] };
  try {
    answer({ id, ok: true, value: await harness[name](...args) });
  } catch (error) {
    answer({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
process.exit(0);
