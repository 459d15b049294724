/**
 * The decoded-sample cache: preprocessed uint8 samples in fixed-size slots, allocated once up to the memory budget,
 * in chunks (no single ArrayBuffer near the engine's size limit). Keyed by file index; files without a slot are
 * decoded when needed.
 */

const CHUNK_BYTES = 256 * 1024 * 1024;

export class SampleCache {
  /** Slot of each sample, -1 when not cached. */
  private readonly slotOf: Int32Array;
  private readonly chunks: Uint8Array[] = [];
  private readonly slotsPerChunk: number;
  private used = 0;

  constructor(
    samples: number,
    readonly sampleBytes: number,
    /** How many samples fit in the budget (the slab never grows past it). */
    readonly capacity: number,
  ) {
    this.slotOf = new Int32Array(samples).fill(-1);
    this.slotsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / sampleBytes));
    let left = Math.min(capacity, samples);
    while (left > 0) {
      const n = Math.min(left, this.slotsPerChunk);
      this.chunks.push(new Uint8Array(n * sampleBytes));
      left -= n;
    }
  }

  get cachedCount(): number {
    return this.used;
  }

  get allocatedBytes(): number {
    return this.chunks.reduce((s, c) => s + c.byteLength, 0);
  }

  get full(): boolean {
    return this.used >= Math.min(this.capacity, this.slotOf.length);
  }

  /** Stores a sample if there is room; returns whether it was stored. */
  put(sample: number, pixels: Uint8Array): boolean {
    if (this.slotOf[sample] >= 0) return true;
    if (this.full) return false;
    const slot = this.used++;
    this.slotOf[sample] = slot;
    this.view(slot).set(pixels);
    return true;
  }

  /** A view of the cached sample (do not modify), or undefined when it is not cached. */
  get(sample: number): Uint8Array | undefined {
    const slot = this.slotOf[sample];
    return slot < 0 ? undefined : this.view(slot);
  }

  private view(slot: number): Uint8Array {
    const chunk = this.chunks[Math.floor(slot / this.slotsPerChunk)];
    const at = (slot % this.slotsPerChunk) * this.sampleBytes;
    return chunk.subarray(at, at + this.sampleBytes);
  }
}
