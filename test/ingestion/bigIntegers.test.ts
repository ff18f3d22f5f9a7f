import { describe, expect, it } from 'vitest';
import { quoteBigIntegers } from '../../src/ingestion/bigIntegers';

describe('quoteBigIntegers', () => {
  it('turns integer literals of 16+ digits into strings, outside strings only', () => {
    const json =
      '{"a": 12345678901234567890, "b": "x\\"12345678901234567890", "c": -1234567890123456789, "d": 1.5e3, "e": [99999999999999999999], "f": 1600000000000}';
    expect(JSON.parse(quoteBigIntegers(json))).toEqual({
      a: '12345678901234567890',
      b: 'x"12345678901234567890',
      c: '-1234567890123456789',
      d: 1500,
      e: ['99999999999999999999'],
      f: 1600000000000,
    });
  });

  it('returns text without long digit runs unchanged', () => {
    const json = '{"user": 1, "item": "i2"}';
    expect(quoteBigIntegers(json)).toBe(json);
  });

  it('leaves long decimals and exponents as numbers', () => {
    expect(JSON.parse(quoteBigIntegers('[1234567890123456.5, 1234567890123456e2]'))).toEqual([
      1234567890123456.5, 1234567890123456e2,
    ]);
  });
});
