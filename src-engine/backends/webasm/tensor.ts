import type { FloatArray } from '../../kernels/contracts';
import { formatShape, sizeOfShape } from '../../kernels/reference/tensor';
import type { WasmRuntime } from './wasm-runtime';

/** A float32 tensor living in the runtime's wasm memory at byte offset `ptr`. */
export interface WasmTensor {
  readonly shape: readonly number[];
  readonly ptr: number;
  readonly size: number;
}

/** The webasm kernels' view of the runtime: every kernel allocates its outputs here. */
export interface WasmContext {
  readonly runtime: WasmRuntime;
  /** A new tensor; its values are whatever the memory held (every kernel writes all of its outputs). */
  empty(shape: readonly number[]): WasmTensor;
  /** The tensor's values (a view of wasm memory, not a copy). */
  values(t: WasmTensor): Float32Array;
  fromValues(shape: readonly number[], values: FloatArray | ArrayLike<number>): WasmTensor;
}

export function createWasmContext(runtime: WasmRuntime): WasmContext {
  const { arena } = runtime;
  const empty = (shape: readonly number[]): WasmTensor => {
    const size = sizeOfShape(shape);
    return { shape: [...shape], ptr: arena.alloc(size), size };
  };
  return {
    runtime,
    empty,
    values: (t) => arena.f32(t.ptr, t.size),
    fromValues(shape, values) {
      const t = empty(shape);
      if (values.length !== t.size)
        throw new Error(`shape ${formatShape(shape)} needs ${t.size} values, got ${values.length}`);
      arena.f32(t.ptr, t.size).set(values);
      return t;
    },
  };
}

/** The same storage under another shape (tensors are not written after creation, optimizer slots aside). */
export function withShape(t: WasmTensor, shape: readonly number[]): WasmTensor {
  return { shape: [...shape], ptr: t.ptr, size: t.size };
}
