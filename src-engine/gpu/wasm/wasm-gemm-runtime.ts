import { gemm, type GemmCall } from './gemm';
import { emitGemm } from './gemm-kernel';
import { WasmThreadPool } from './thread-pool';
import { WasmArena } from './wasm-arena';
import { ModuleWriter } from './wasm-writer';

/** The wasm memory, the compiled GEMM and the threads that run it. */
export interface WasmGemmRuntime {
  arena: WasmArena;
  pool: WasmThreadPool;
  gemm(call: GemmCall): void;
  destroy(): Promise<void>;
}

export async function createWasmGemmRuntime(threads: number): Promise<WasmGemmRuntime> {
  const arena = new WasmArena();
  const writer = new ModuleWriter({ initialPages: 1, maximumPages: arena.maximumPages, shared: true });
  emitGemm(writer);
  const pool = await WasmThreadPool.create(new WebAssembly.Module(writer.toBytes()), arena.memory, threads, ['gemm']);
  return {
    arena,
    pool,
    gemm: (call) => gemm(arena, pool, call),
    destroy: () => pool.destroy(),
  };
}
