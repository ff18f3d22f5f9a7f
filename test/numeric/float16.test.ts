import { describe, expect, it } from 'vitest';
import {
  float16Bits,
  float16Value,
  fromFloat16,
  roundToFloat16,
  toFloat16,
} from '../../src/numeric/float16';

describe('float16 storage conversion', () => {
  it('encodes the IEEE half-precision bit patterns', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff); // largest finite half
    expect(float16Bits(65520)).toBe(0x7c00); // rounds up to infinity
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(2 ** -26)).toBe(0x0000); // below half of it: zero
    expect(float16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(Number.NaN) & 0x3ff).not.toBe(0);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(float16Value(float16Bits(1 + 2 ** -11))).toBe(1);
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: goes to 1 + 2^-9.
    expect(float16Value(float16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(float16Value(float16Bits(1 + 2 ** -11 + 2 ** -20))).toBe(1 + 2 ** -10);
  });

  it('decodes every pattern it encodes back to the same value', () => {
    for (let bits = 0; bits < 0x10000; bits += 7) {
      const value = float16Value(bits);
      if (Number.isNaN(value)) continue;
      expect(float16Bits(value)).toBe(bits);
    }
  });

  it('keeps a relative error below 2^-11 in the normal range, in bulk', () => {
    const data = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 3));
    const rounded = roundToFloat16(data);
    const back = fromFloat16(toFloat16(data), new Float32Array(data.length + 3), 3).subarray(3);
    expect(Array.from(back)).toEqual(Array.from(rounded));
    for (let i = 0; i < data.length; i++) {
      if (Math.abs(data[i]) < 2 ** -14) continue;
      expect(Math.abs(rounded[i] - data[i]) / Math.abs(data[i])).toBeLessThanOrEqual(2 ** -11);
    }
  });
});
