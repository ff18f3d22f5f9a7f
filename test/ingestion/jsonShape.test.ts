import { describe, expect, it } from 'vitest';
import { jsonShapeProblem } from '../../src/ingestion/jsonShape';

describe('jsonShapeProblem', () => {
  it('names JSON arrays and pretty-printed objects', () => {
    expect(jsonShapeProblem('[{"a": 1}]')).toBe('a JSON array');
    expect(jsonShapeProblem('\n[\n  {"a": 1}\n]')).toBe('a JSON array');
    expect(jsonShapeProblem('{\n  "a": 1\n}\n')).toBe('pretty-printed JSON');
  });

  it('accepts JSON lines, Python-literal lines and CSV cells in brackets', () => {
    expect(jsonShapeProblem('{"a": 1}\n{"a": 2}\n')).toBeUndefined();
    expect(jsonShapeProblem("{'asin': 'B1', 'title': 'x'}\n")).toBeUndefined();
    expect(jsonShapeProblem('[tag],item\n')).toBeUndefined();
  });
});
