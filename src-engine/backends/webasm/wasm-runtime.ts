import { gemm, type GemmCall } from './gemm';
import { emitGemm } from './gemm-kernel';
import { ELEMENTWISE_EXPORTS, emitElementwise } from './elementwise-kernels';
import { emitCol2im } from './col2im-kernel';
import { emitMatrixKernels, MATRIX_EXPORTS } from './matrix-kernels';
import { emitPooling, POOL_EXPORTS } from './pool-kernels';
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
  if (!(Number.isInteger(threads) && threads >= 1))
    throw new Error(`threads must be a whole number of at least 1, got ${threads}`);
  const arena = new WasmArena();
  const writer = new ModuleWriter({ initialPages: 1, maximumPages: arena.maximumPages, shared: true });
  emitGemm(writer);
  emitCol2im(writer);
  emitElementwise(writer);
  emitPooling(writer);
  emitMatrixKernels(writer);
  const exports = ['gemm', 'col2im', ...ELEMENTWISE_EXPORTS, ...POOL_EXPORTS, ...MATRIX_EXPORTS];
  const pool = await WasmThreadPool.create(new WebAssembly.Module(writer.toBytes()), arena.memory, threads, exports);
  return {
    arena,
    pool,
    gemm: (call) => gemm(arena, pool, call),
    destroy: () => pool.destroy(),
  };
}
