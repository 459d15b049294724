import { describe, expect, it } from 'vitest';
import { ModuleWriter, sleb, uleb } from './wasm-writer';

function encode(fn: (v: number, out: number[]) => void, value: number): number[] {
  const out: number[] = [];
  fn(value, out);
  return out;
}

describe('wasm writer', () => {
  it('encodes LEB128 as the spec examples do', () => {
    expect(encode(uleb, 624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(encode(uleb, 0)).toEqual([0]);
    expect(encode(sleb, -123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(encode(sleb, 64)).toEqual([0xc0, 0x00]);
    expect(encode(sleb, -1)).toEqual([0x7f]);
  });

  it('builds a module whose SIMD and loop code computes what it says', () => {
    const writer = new ModuleWriter({ initialPages: 1, maximumPages: 1, shared: false });
    // mul4(a, b, out): out[0..4] = a[0..4] * b[0..4]
    writer
      .addFunction('mul4', ['i32', 'i32', 'i32'], [])
      .get(2)
      .get(0)
      .v128Load()
      .get(1)
      .v128Load()
      .f32x4Mul()
      .v128Store();
    // sum(ptr, n): scalar loop over n floats
    const sum = writer.addFunction('sum', ['i32', 'i32'], ['f32']);
    const acc = sum.local('f32');
    const end = sum.local('i32');
    sum.get(0).get(1).i32(2).i32Shl().i32Add().set(end);
    sum.block().loop();
    sum.get(0).get(end).i32GeS().brIf(1);
    sum.get(acc).get(0).f32Load().f32Add().set(acc);
    sum.get(0).i32(4).i32Add().set(0).br(0);
    sum.end().end().get(acc);

    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(writer.toBytes()), { env: { memory } });
    const exports = instance.exports as {
      mul4(a: number, b: number, out: number): void;
      sum(ptr: number, n: number): number;
    };
    const f = new Float32Array(memory.buffer);
    f.set([1, 2, 3, 4, 0.5, -1, 2, 10], 0);
    exports.mul4(0, 16, 32);
    expect([...f.subarray(8, 12)]).toEqual([0.5, -2, 6, 40]);
    expect(exports.sum(0, 8)).toBeCloseTo(21.5, 6);
  });
});
