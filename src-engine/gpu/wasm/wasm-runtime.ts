import { gemm, type GemmCall } from './gemm';
import { emitGemm } from './gemm-kernel';
import { emitCol2im, emitIm2col } from './im2col-kernel';
import { WasmThreadPool } from './thread-pool';
import { WasmArena } from './wasm-arena';
import { ModuleWriter } from './wasm-writer';

/** The wasm memory, the compiled kernels and the threads that run them. */
export interface WasmRuntime {
  arena: WasmArena;
  pool: WasmThreadPool;
  gemm(call: GemmCall): void;
  destroy(): Promise<void>;
}

/** Compiles the kernel module and starts `threads − 1` workers (the calling thread is the first). */
export async function createWasmRuntime(threads: number): Promise<WasmRuntime> {
  if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`threads must be a whole number of at least 1, got ${threads}`);
  const arena = new WasmArena();
  const writer = new ModuleWriter({ initialPages: 1, maximumPages: arena.maximumPages, shared: true });
  emitGemm(writer);
  emitIm2col(writer);
  emitCol2im(writer);
  const pool = await WasmThreadPool.create(new WebAssembly.Module(writer.toBytes()), arena.memory, threads, ['gemm', 'im2col', 'col2im']);
  return {
    arena,
    pool,
    gemm: (call) => gemm(arena, pool, call),
    destroy: () => pool.destroy(),
  };
}
