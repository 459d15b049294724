import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToFloat32, bytesToBase64, float32ToBase64 } from './base64';

describe('base64', () => {
  it('matches Node for every length remainder and round-trips floats', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 20001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      const b64 = bytesToBase64(bytes);
      expect(b64).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(b64))).toEqual(Array.from(bytes));
    }
    const f = Float32Array.from([0, -1.5, 3.25e-8, Number.MAX_VALUE, NaN]);
    expect(Array.from(base64ToFloat32(float32ToBase64(f)))).toEqual(Array.from(f));
    expect(() => base64ToBytes('ab$d')).toThrow(/invalid base64 character/);
  });
});
