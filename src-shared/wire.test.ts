import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './wire';

describe('WebSocket framing', () => {
  it('sends messages without typed arrays as JSON text', () => {
    const message = { type: 'result', id: 3, ok: true, value: { path: '/x', list: [1, 2] } };
    const frame = encodeMessage(message);
    expect(typeof frame).toBe('string');
    expect(decodeMessage(frame as string)).toEqual(message);
  });

  it('sends typed arrays as raw bytes in one binary frame and restores their types', () => {
    const values = new Uint8Array([0, 128, 255, 7, 9]);
    const floats = new Float32Array([1.5, -2.25, Math.PI]);
    const message = {
      type: 'event',
      channel: 'training:featureMaps',
      payload: {
        runId: 'run-a',
        maps: [
          { layer: 'c', values },
          { layer: 'd', values: floats },
        ],
      },
    };
    const frame = encodeMessage(message);
    expect(frame).toBeInstanceOf(Uint8Array);
    const bytes = frame as Uint8Array;
    const decoded = decodeMessage(bytes) as typeof message;
    expect(decoded.payload.maps[0]!.values).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.payload.maps[0]!.values)).toEqual([0, 128, 255, 7, 9]);
    expect(decoded.payload.maps[1]!.values).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.payload.maps[1]!.values)).toEqual(Array.from(floats));
    expect(decoded.payload.maps[1]!.layer).toBe('d');
  });

  it('sends a Node Buffer (a Uint8Array subclass) as bytes, arriving as a plain Uint8Array', () => {
    const decoded = decodeMessage(encodeMessage({ data: Buffer.from([1, 2, 250]) }) as Uint8Array) as {
      data: Uint8Array;
    };
    expect(decoded.data.constructor).toBe(Uint8Array);
    expect(Array.from(decoded.data)).toEqual([1, 2, 250]);
  });

  it('costs the array bytes plus a small header', () => {
    const activation = new Uint8Array(64 * 64 * 32).map((_, i) => i % 251);
    const frame = encodeMessage({
      type: 'event',
      channel: 'training:featureMaps',
      payload: { maps: [{ values: activation }] },
    }) as Uint8Array;
    expect(frame.byteLength).toBeGreaterThanOrEqual(activation.byteLength);
    expect(frame.byteLength).toBeLessThan(activation.byteLength + 512);
  });

  it('decodes a frame that sits at an odd offset of a larger buffer (pooled Node buffers)', () => {
    const frame = encodeMessage({ v: new Float64Array([1, 2]) }) as Uint8Array;
    const pool = new Uint8Array(frame.byteLength + 3);
    pool.set(frame, 3);
    expect(Array.from((decodeMessage(pool.subarray(3)) as { v: Float64Array }).v)).toEqual([1, 2]);
  });

  it('rejects malformed binary frames with a reason', () => {
    expect(() => decodeMessage(new Uint8Array([1, 2]))).toThrow(/shorter/);
    expect(() => decodeMessage(new Uint8Array(16))).toThrow(/FB01/);
    const frame = encodeMessage({ v: new Float32Array(4) }) as Uint8Array;
    expect(() => decodeMessage(frame.subarray(0, frame.byteLength - 4))).toThrow(/outside the frame/);
    expect(() => decodeMessage('{not json')).toThrow();
  });
});

/**
 * `bytes` as a Node Buffer carved from Node's shared pool (or, when
 * too large for the pool, from a bigger buffer) at a non-zero offset.
 */
function pooledBuffer(bytes: Uint8Array): Buffer {
  if (bytes.byteLength > 0 && bytes.byteLength < Buffer.poolSize >>> 1) {
    Buffer.from('x'); // moves the pool's offset on, so the copy below never starts at 0
    const pooled = Buffer.from(bytes);
    if (pooled.byteOffset > 0 && pooled.buffer.byteLength > pooled.byteLength) return pooled;
  }
  const big = Buffer.alloc(bytes.byteLength + 11);
  big.set(bytes, 3);
  return big.subarray(3, 3 + bytes.byteLength);
}

/** Byte equality without vitest's element-by-element diff, which takes seconds on a megabyte. */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  a.byteLength === b.byteLength &&
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('WebSocket framing at every size and input shape', () => {
  const sizes = [0, 1, 2, 3, 7, 8, 9, 100, 255, 1000, 4095, 4096, 4097, 8191, 65_535, 65_537, 100_003, 1 << 20];
  const payloads = (n: number) => ({
    bytes: new Uint8Array(n).map((_, i) => (i * 7 + 3) % 256),
    floats: new Float32Array(Math.ceil(n / 4)).map((_, i) => i - 0.5),
  });

  for (const n of sizes) {
    it(`round-trips a ${n}-byte typed array as a pooled Buffer, a plain Uint8Array and an ArrayBuffer`, () => {
      const { bytes, floats } = payloads(n);
      const frame = encodeMessage({ type: 'event', channel: 'c', payload: { bytes, floats, n } }) as Uint8Array;
      expect(frame).toBeInstanceOf(Uint8Array);
      const buffer = pooledBuffer(frame);
      expect(buffer.byteOffset).toBeGreaterThan(0);
      const plain = new Uint8Array(frame);
      const arrayBuffer = plain.buffer.slice(0);
      for (const input of [buffer, plain, arrayBuffer]) {
        const decoded = decodeMessage(input) as { payload: { bytes: Uint8Array; floats: Float32Array; n: number } };
        expect(decoded.payload.n).toBe(n);
        expect(decoded.payload.bytes).toBeInstanceOf(Uint8Array);
        expect(sameBytes(decoded.payload.bytes, bytes)).toBe(true);
        expect(decoded.payload.floats).toBeInstanceOf(Float32Array);
        expect(sameBytes(decoded.payload.floats, floats)).toBe(true);
      }
    });
  }

  it('decodes a small frame held in a Buffer that shares its pool with other data', () => {
    const frame = encodeMessage({ v: new Uint8Array([9]) }) as Uint8Array;
    const before = Buffer.from('unrelated bytes before the frame');
    const buffer = Buffer.from(frame);
    expect(buffer.buffer).toBe(before.buffer);
    expect(Array.from((decodeMessage(buffer) as { v: Uint8Array }).v)).toEqual([9]);
  });
});

describe('WebSocket framing refuses malformed binary frames cleanly', () => {
  const header = (json: string, extra = 0) => {
    const text = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + text.byteLength + extra);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0x3130_4246, true);
    view.setUint32(4, text.byteLength, true);
    bytes.set(text, 8);
    return bytes;
  };
  const withHeaderLength = (length: number) => {
    const bytes = header('{}');
    new DataView(bytes.buffer).setUint32(4, length, true);
    return bytes;
  };
  const cases: [string, Uint8Array | ArrayBuffer, RegExp][] = [
    ['empty', new Uint8Array(0), /shorter than its 8-byte header/],
    ['short', pooledBuffer(new Uint8Array([0x46, 0x42, 0x30])), /shorter than its 8-byte header/],
    ['bad marker', pooledBuffer(new Uint8Array(16).fill(7)), /without the FB01 marker/],
    ['header past end', withHeaderLength(1e6), /header runs past the end/],
    ['header claims 4 GiB', withHeaderLength(0xffff_ffff), /header runs past the end/],
    ['bad JSON header', header('{"message": '), /header is not valid JSON/],
    ['header not an object', header('[1,2]'), /header is not \{message, blobs\}/],
    ['blobs not a list', header('{"message": {}, "blobs": 3}'), /header is not \{message, blobs\}/],
    [
      'unknown array type',
      header('{"message": {}, "blobs": [{"type": "constructor", "byteOffset": 0, "length": 0}]}'),
      /unknown array type/,
    ],
    [
      'array outside the frame',
      header('{"message": {}, "blobs": [{"type": "Float32Array", "byteOffset": 0, "length": 1000}]}', 8),
      /outside the frame/,
    ],
    [
      'negative length',
      header('{"message": {}, "blobs": [{"type": "Uint8Array", "byteOffset": 0, "length": -1}]}', 8),
      /outside the frame/,
    ],
    [
      'fractional offset',
      header('{"message": {}, "blobs": [{"type": "Uint8Array", "byteOffset": 0.5, "length": 1}]}', 8),
      /outside the frame/,
    ],
    ['missing array', header('{"message": {"v": {"__filterbankBlob": 2}}, "blobs": []}'), /missing array/],
  ];
  for (const [name, frame, reason] of cases) {
    it(`refuses a frame with ${name} by throwing a plain Error with the reason`, () => {
      let thrown: unknown;
      try {
        decodeMessage(frame);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toMatch(reason);
    });
  }
});
