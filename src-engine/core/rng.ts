/**
 * The engine's one seeded random source: xoshiro128** seeded through splitmix32, so the same seed gives
 * bit-identical sequences on every platform (only 32-bit integer arithmetic and IEEE doubles are used).
 */
export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform in [min, max). */
  uniformRange(min: number, max: number): number;
  /** Normal (Box–Muller). */
  normal(mean?: number, stddev?: number): number;
  /** Normal redrawn until within two standard deviations of the mean (TF's truncated_normal). */
  truncatedNormal(mean?: number, stddev?: number): number;
  /** Integer uniform in [min, maxExclusive). */
  integer(min: number, maxExclusive: number): number;
  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<A extends { length: number; [i: number]: unknown }>(array: A): A;
  /** An independent generator seeded from this one (advances this one by two draws). */
  fork(): Rng;
  /** The full state, for checkpoints; `restoreRng(state)` continues the sequence exactly. */
  state(): RngState;
}

export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null;

  constructor(state: RngState) {
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spare = state.spareNormal;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  uniform(): number {
    return ((this.next() >>> 5) * TWO_POW_26 + (this.next() >>> 6)) / TWO_POW_53;
  }

  uniformRange(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  normal(mean = 0, stddev = 1): number {
    let z: number;
    if (this.spare !== null) {
      z = this.spare;
      this.spare = null;
    } else {
      const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const theta = 2 * Math.PI * this.uniform();
      z = r * Math.cos(theta);
      this.spare = r * Math.sin(theta);
    }
    return mean + stddev * z;
  }

  truncatedNormal(mean = 0, stddev = 1): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return mean + stddev * z;
    }
  }

  integer(min: number, maxExclusive: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(maxExclusive) || maxExclusive <= min) {
      throw new Error(`rng.integer: needs integers min < maxExclusive, got ${min} and ${maxExclusive}`);
    }
    return min + Math.floor(this.uniform() * (maxExclusive - min));
  }

  shuffle<A extends { length: number; [i: number]: unknown }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  fork(): Rng {
    return createRng(this.next() * 4096 + (this.next() >>> 20));
  }

  state(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spare };
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** `seed`: any integer in ±2^53 (its low and high 32-bit words both feed the state). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`createRng: the seed must be an integer, got ${seed}`);
  const low = splitmix32(seed >>> 0);
  const high = splitmix32(Math.floor(seed / 4294967296) ^ 0x5bd1e995);
  const s = [0, 0, 0, 0].map(() => (low() ^ high()) >>> 0) as unknown as [number, number, number, number];
  return new Xoshiro128({ s, spareNormal: null });
}

export function restoreRng(state: RngState): Rng {
  return new Xoshiro128(state);
}
