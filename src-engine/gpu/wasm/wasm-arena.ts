const PAGE_BYTES = 65536;
/** Buffers start on cache-line boundaries and keep this much slack after their end (see gemm-kernel.ts). */
const ALIGN = 64;
const SLACK = 32;

/**
 * A bump allocator over one shared WebAssembly.Memory, the address space every wasm kernel and worker
 * sees. Training allocates the same buffers in the same order every step, so `mark()` / `release()`
 * around a step reuse the space instead of growing it.
 */
export class WasmArena {
  readonly memory: WebAssembly.Memory;
  private top = ALIGN;
  private view: Float32Array;

  constructor(initialBytes = 16 << 20, readonly maximumPages = 32768) {
    const initial = Math.ceil(initialBytes / PAGE_BYTES);
    this.memory = new WebAssembly.Memory({ initial, maximum: maximumPages, shared: true });
    this.view = new Float32Array(this.memory.buffer);
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Reserves `floats` float32 values; returns the byte offset. */
  alloc(floats: number): number {
    const ptr = this.top;
    const end = ptr + floats * 4 + SLACK;
    if (end > this.byteLength) {
      const pages = Math.ceil((end - this.byteLength) / PAGE_BYTES);
      if (this.byteLength / PAGE_BYTES + pages > this.maximumPages) {
        throw new Error(`wasm memory exhausted: ${(end / 2 ** 20).toFixed(0)} MiB needed, the limit is ${((this.maximumPages * PAGE_BYTES) / 2 ** 20).toFixed(0)} MiB`);
      }
      this.memory.grow(pages);
      this.view = new Float32Array(this.memory.buffer);
    }
    this.top = Math.ceil(end / ALIGN) * ALIGN;
    return ptr;
  }

  /** A view of `floats` values at byte offset `ptr` (stays valid: shared memories never detach). */
  f32(ptr: number, floats: number): Float32Array {
    return this.view.subarray(ptr >> 2, (ptr >> 2) + floats);
  }

  /** Copies values into a new buffer and returns its byte offset. */
  upload(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    this.f32(ptr, values.length).set(values);
    return ptr;
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }
}
