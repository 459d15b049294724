import type { EngineConfig, TrainingEngine } from '../../train/engine';
import { createKernelEngine, sizeOfWeights } from '../../train/kernel-engine';
import { createWasmRuntime } from './wasm-runtime';
import { createWasmBackend } from './backend';

export interface WasmEngineOptions {
  /** Threads for the wasm kernels (the calling thread included). */
  threads: number;
}

/** Copies per trainable value: the value and the optimizer's slots (RMSprop centred with momentum: 3). */
const PERSISTENT_COPIES = 4;
/** Per-tensor alignment and slack, and room for BatchNormalization's moving statistics. */
const PERSISTENT_EXTRA_BYTES = 1 << 20;

/**
 * The webasm training engine: the kernel engine on the webasm backend. Weights and optimizer slots live
 * in the persistent region of wasm memory; everything a step computes is scratch, released when the
 * step ends, so steady-state training allocates nothing.
 */
export interface WasmTrainingEngine extends TrainingEngine {
  /** Bytes of wasm memory in use: weights and optimizer slots, and a step's scratch (0 between calls). */
  memoryUsage(): { persistent: number; scratch: number };
}

export async function createWasmEngine(config: EngineConfig, options: WasmEngineOptions): Promise<WasmTrainingEngine> {
  const runtime = await createWasmRuntime(options.threads);
  const { arena } = runtime;
  arena.reservePersistent(sizeOfWeights(config.model) * 4 * PERSISTENT_COPIES + PERSISTENT_EXTRA_BYTES);
  const memory = {
    scoped<R>(f: () => R): R {
      const mark = arena.mark();
      try {
        return f();
      } finally {
        arena.release(mark);
      }
    },
    persistently: <R>(f: () => R): R => arena.persistently(f),
  };
  const engine = createKernelEngine(config, createWasmBackend(runtime), memory, () => void runtime.destroy());
  return Object.assign(engine, { memoryUsage: () => arena.usage });
}
