import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent } from '../../src/ui/format';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('formatPercent', () => {
  it('keeps two significant digits for sparse densities', () => {
    expect(formatPercent(0.0063)).toBe('0.63%');
    expect(formatPercent(0.000012)).toBe('0.0012%');
  });

  it('uses one decimal from 10% up and for zero', () => {
    expect(formatPercent(0.5)).toBe('50.0%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0)).toBe('0.0%');
  });
});
