import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/runs/units';

describe('formatBytes', () => {
  it('picks the largest unit not above the size, so small files do not read 0.0 MiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3.5 * 2 ** 20)).toBe('3.5 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
  });
});
