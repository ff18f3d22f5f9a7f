import { describe, expect, it } from 'vitest';
import { splitIds, trimId } from '../../src/ingestion/trimId';

describe('trimId and splitIds', () => {
  it('trims ASCII whitespace only, keeping non-breaking and other Unicode spaces', () => {
    expect(trimId(' \t a\u00a0\r\n')).toBe('a\u00a0');
    expect(trimId('\u2003b\u2003')).toBe('\u2003b\u2003');
  });

  it('splits on spaces and tabs only', () => {
    expect(splitIds(' u1\ti\u00a01  i2 ')).toEqual(['u1', 'i\u00a01', 'i2']);
    expect(splitIds('  ')).toEqual([]);
  });
});
