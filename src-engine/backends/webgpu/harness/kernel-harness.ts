/// <reference types="@webgpu/types" />
import { CONFORMANCE_CASES, makeCaseInputs, relativeError, type ConformanceCase } from '../../../kernels/conformance';
import { dispatcher, KERNEL_NAMES, type KernelName } from '../../../kernels/contracts';
import { REFERENCE_KERNELS, type FloatTensor } from '../../../kernels/reference';
import { createWebGpuBackend } from '../backend';
import { WebGpuRuntime, type GpuTensor } from '../runtime';
import { trainingParity, type ParityRequest } from './parity';

/**
 * The WebGPU kernels against the reference kernels, and the webgpu engine against the reference engine, over
 * any WebGPU implementation: Chromium's (`browser-entry.ts`) or Dawn's Node build (`dawn-entry.ts`). Both
 * run the same cases, so a difference between Dawn builds shows up as a failing case, not in a user's run.
 */

export interface KernelResult {
  kernel: KernelName;
  label: string;
  errors: number[];
  error?: string;
}

const ref = dispatcher(REFERENCE_KERNELS);

/** `gpu` returns the WebGPU entry point (navigator.gpu in a page, Dawn's GPU object in Node). */
export function createKernelHarness(gpu: () => GPU | undefined) {
  async function device(): Promise<GPUDevice> {
    const adapter = await gpu()?.requestAdapter();
    if (!adapter) throw new Error('navigator.gpu returned no adapter');
    return adapter.requestDevice();
  }

  async function conformance(names: readonly KernelName[] = KERNEL_NAMES): Promise<KernelResult[]> {
    // A shader or binding error makes the runtime's read reject (it keeps every command in error scopes), and
    // poisoned buffers make an unwritten element NaN. After a failure the runtime refuses further work, so the
    // next case gets a fresh device.
    const fresh = async () => {
      const rt = new WebGpuRuntime(await device(), { poison: true });
      const backend = createWebGpuBackend(rt);
      return { rt, backend, run: dispatcher(backend.kernels) };
    };
    let { rt, backend, run } = await fresh();
    const results: KernelResult[] = [];
    for (const name of names) {
      for (const c of CONFORMANCE_CASES[name] as ConformanceCase<KernelName>[]) {
        try {
          const expected = ref(
            name,
            makeCaseInputs(c, 'float32') as never,
            c.attrs as never,
          ) as unknown as (FloatTensor | null)[];
          const { outputs, reading } = rt.scoped(() => {
            const inputs = makeCaseInputs(c, 'float32').map((x) => (x ? backend.fromValues(x.shape, x.values) : null));
            const outputs = run(name, inputs as never, c.attrs as never) as unknown as (GpuTensor | null)[];
            return { outputs, reading: rt.read(outputs.filter((o): o is GpuTensor => !!o)) };
          });
          const values = await reading;
          let at = 0;
          const errors = expected.map((e, i) => {
            const a = outputs[i];
            if (!e || !a) return !e && !a ? 0 : Infinity;
            const v = values[at++];
            if (a.shape.join() !== e.shape.join()) return Infinity;
            return relativeError(v, e.values);
          });
          results.push({ kernel: name, label: c.label, errors });
        } catch (error) {
          results.push({
            kernel: name,
            label: c.label,
            errors: [Infinity],
            error: error instanceof Error ? error.message : String(error),
          });
          rt.destroy();
          rt.device.destroy();
          ({ rt, backend, run } = await fresh());
        }
      }
    }
    rt.destroy();
    return results;
  }

  /**
   * A shader that does not compile: the read of its output must reject with WebGPU's message, and so must later work.
   */
  async function errorReporting(): Promise<{ read: string; next: string; tooLarge: string }> {
    const rt = new WebGpuRuntime(await device());
    const out = rt.tensor([4]);
    const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
    let tooLarge = 'no error';
    try {
      rt.tensor([rt.device.limits.maxStorageBufferBindingSize / 4 + 1]);
    } catch (e) {
      tooLarge = message(e);
    }
    const reading = rt.scoped(() => {
      rt.dispatch({
        key: 'broken',
        code: () => '@compute @workgroup_size(1) fn main() { let x = undefinedName; }',
        buffers: [],
        groups: [1, 1],
      });
      return rt.read([out]);
    });
    const read = await reading.then(() => 'resolved', message);
    let next = 'no error';
    try {
      rt.tensor([1]);
    } catch (e) {
      next = message(e);
    }
    rt.destroy();
    rt.device.destroy();
    return { read, next, tooLarge };
  }

  async function adapterInfo(): Promise<string> {
    const adapter = await gpu()?.requestAdapter();
    if (!adapter) return 'none';
    const info = adapter.info;
    return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  }

  return {
    conformance,
    adapterInfo,
    errorReporting,
    trainingParity: (request: ParityRequest) => trainingParity(device, request),
  };
}

export type WebGpuHarness = ReturnType<typeof createKernelHarness>;
