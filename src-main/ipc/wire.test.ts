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
    const message = { type: 'event', channel: 'training:featureMaps', payload: { runId: 'run-a', maps: [{ layer: 'c', values }, { layer: 'd', values: floats }] } };
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
    const decoded = decodeMessage(encodeMessage({ data: Buffer.from([1, 2, 250]) }) as Uint8Array) as { data: Uint8Array };
    expect(decoded.data.constructor).toBe(Uint8Array);
    expect(Array.from(decoded.data)).toEqual([1, 2, 250]);
  });

  it('costs the array bytes plus a small header', () => {
    const activation = new Uint8Array(64 * 64 * 32).map((_, i) => i % 251);
    const frame = encodeMessage({ type: 'event', channel: 'training:featureMaps', payload: { maps: [{ values: activation }] } }) as Uint8Array;
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
