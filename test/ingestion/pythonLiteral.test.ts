import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from '../../src/ingestion/formats/pythonLiteral';

describe('parsePythonLiteral', () => {
  it('reads the 2014 Amazon metadata style', () => {
    const line = `{'asin': '0000031852', 'title': "Girls' Ballet Tutu", 'price': 3.17, 'salesRank': {'Toys & Games': 211836}, 'categories': [['Sports & Outdoors', 'Other Sports', 'Dance']], 'ok': True, 'bad': False, 'none': None, 'tuple': (1, -2.5e3,), 'esc': 'it\\'s a \\"q\\" \\\\ caf\\xe9 \\u00e9\\n'}`;
    expect(parsePythonLiteral(line)).toEqual({
      asin: '0000031852',
      title: "Girls' Ballet Tutu",
      price: 3.17,
      salesRank: { 'Toys & Games': 211836 },
      categories: [['Sports & Outdoors', 'Other Sports', 'Dance']],
      ok: true,
      bad: false,
      none: null,
      tuple: [1, -2500],
      esc: 'it\'s a "q" \\ café é\n',
    });
  });

  it('accepts Python 2 u/b string prefixes', () => {
    expect(parsePythonLiteral("{u'title': u'Caf\\xe9', 'raw': b'x'}")).toEqual({
      title: 'Café',
      raw: 'x',
    });
  });

  it('reports the position of a syntax error', () => {
    expect(() => parsePythonLiteral("{'a': 1 'b': 2}")).toThrow(
      /expected "," or "}" at character 9/,
    );
    expect(() => parsePythonLiteral("{'a': 'open}")).toThrow(/expected a closing '/);
    expect(() => parsePythonLiteral("{'a': nan}")).toThrow(/expected a value at character 7/);
    expect(() => parsePythonLiteral("{'a': 1} x")).toThrow(/expected the end of the line/);
  });
});
