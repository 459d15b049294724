const PAGE_BYTES = 65536;
/** Buffers start on cache-line boundaries and keep this much slack after their end (see gemm-kernel.ts). */
const ALIGN = 64;
const SLACK = 32;

function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/**
 * Bump allocation over one shared WebAssembly.Memory, the address space every wasm kernel and worker
 * sees. Two regions: a persistent one at the bottom (weights, optimizer slots: sized once with
 * `reservePersistent`, allocated while `persistently` runs) and a scratch one above it. Training
 * allocates the same scratch buffers in the same order every step, so `mark()` / `release()` around a
 * step reuse the space instead of growing it.
 */
export class WasmArena {
  readonly memory: WebAssembly.Memory;
  private scratchBase = ALIGN;
  private top = ALIGN;
  private persistentTop = ALIGN;
  private persistentLimit = ALIGN;
  private persistentMode = false;
  private view: Float32Array;
  private intView: Int32Array;

  constructor(
    initialBytes = 16 << 20,
    readonly maximumPages = 32768,
  ) {
    const initial = Math.ceil(initialBytes / PAGE_BYTES);
    this.memory = new WebAssembly.Memory({ initial, maximum: maximumPages, shared: true });
    this.view = new Float32Array(this.memory.buffer);
    this.intView = new Int32Array(this.memory.buffer);
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes in use: the persistent region's, and the scratch region's high end. */
  get usage(): { persistent: number; scratch: number } {
    return { persistent: this.persistentTop, scratch: this.top - this.scratchBase };
  }

  /** Sets aside `bytes` at the bottom for persistent buffers; only before any scratch allocation. */
  reservePersistent(bytes: number): void {
    if (this.top !== this.scratchBase) throw new Error('reservePersistent must come before any scratch allocation');
    this.persistentLimit = aligned(this.persistentTop + bytes);
    this.scratchBase = this.top = this.persistentLimit;
    this.ensure(this.top);
  }

  /** Runs `f` with allocations going to the persistent region. */
  persistently<T>(f: () => T): T {
    const previous = this.persistentMode;
    this.persistentMode = true;
    try {
      return f();
    } finally {
      this.persistentMode = previous;
    }
  }

  private ensure(end: number): void {
    if (end <= this.byteLength) return;
    const pages = Math.ceil((end - this.byteLength) / PAGE_BYTES);
    if (this.byteLength / PAGE_BYTES + pages > this.maximumPages) {
      const limit = (this.maximumPages * PAGE_BYTES) / 2 ** 20;
      throw new Error(
        `wasm memory exhausted: ${(end / 2 ** 20).toFixed(0)} MiB needed, ` +
          `the limit is ${limit.toFixed(0)} MiB; use a smaller batch size`,
      );
    }
    this.memory.grow(pages);
    this.view = new Float32Array(this.memory.buffer);
    this.intView = new Int32Array(this.memory.buffer);
  }

  /** Reserves `floats` float32 values; returns the byte offset. */
  alloc(floats: number): number {
    const bytes = floats * 4 + SLACK;
    if (this.persistentMode) {
      const ptr = this.persistentTop;
      if (ptr + bytes > this.persistentLimit) {
        throw new Error(
          `the persistent wasm region is full (${this.persistentLimit} ` +
            `bytes reserved); reserve more with reservePersistent`,
        );
      }
      this.persistentTop = aligned(ptr + bytes);
      return ptr;
    }
    const ptr = this.top;
    this.ensure(ptr + bytes);
    this.top = aligned(ptr + bytes);
    return ptr;
  }

  /** A view of `floats` values at byte offset `ptr` (stays valid: shared memories never detach). */
  f32(ptr: number, floats: number): Float32Array {
    return this.view.subarray(ptr >> 2, (ptr >> 2) + floats);
  }

  /** An i32 view (offset tables) of `count` values at byte offset `ptr`. */
  i32(ptr: number, count: number): Int32Array {
    return this.intView.subarray(ptr >> 2, (ptr >> 2) + count);
  }

  /** Copies values into a new buffer and returns its byte offset. */
  upload(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    this.f32(ptr, values.length).set(values);
    return ptr;
  }

  /** The scratch position, for `release`. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < this.scratchBase || mark > this.top) throw new Error(`release(${mark}) is outside the scratch region`);
    this.top = mark;
  }
}
