/** A value read from a Python literal: what `ast.literal_eval` gives for dicts of JSON-like data. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};

/**
 * Parses one Python literal (dict, list, tuple, str with either quote and optional u/b prefix, int, float, True, False,
 * None), as written by Python's `repr` in the Amazon 2014 metadata. Throws `SyntaxError` with the
 * 1-based character position on anything else.
 */
export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;
  const fail = (expected: string): never => {
    throw new SyntaxError(`expected ${expected} at character ${pos + 1}`);
  };
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const parseString = (): string => {
    const quote = text[pos++];
    let out = '';
    while (pos < text.length) {
      const ch = text[pos++];
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = text[pos++];
      if (esc === 'x' || esc === 'u' || esc === 'U') {
        const len = esc === 'x' ? 2 : esc === 'u' ? 4 : 8;
        const hex = text.slice(pos, pos + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len)
          fail(`${len} hex digits after \\${esc}`);
        out += String.fromCodePoint(parseInt(hex, 16));
        pos += len;
      } else if (esc !== undefined && esc in ESCAPES) {
        out += ESCAPES[esc];
      } else {
        out += `\\${esc ?? ''}`;
      }
    }
    return fail(`a closing ${quote}`);
  };
  const parseSeq = (close: string): PyValue[] => {
    const out: PyValue[] = [];
    pos++;
    skipSpace();
    while (text[pos] !== close) {
      out.push(parseValue());
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
      } else if (text[pos] !== close) fail(`"," or "${close}"`);
    }
    pos++;
    return out;
  };
  const parseDict = (): { [key: string]: PyValue } => {
    const out: { [key: string]: PyValue } = {};
    pos++;
    skipSpace();
    while (text[pos] !== '}') {
      const key = parseValue();
      skipSpace();
      if (text[pos] !== ':') fail('":"');
      pos++;
      out[String(key)] = parseValue();
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
      } else if (text[pos] !== '}') fail('"," or "}"');
    }
    pos++;
    return out;
  };
  const parseValue = (): PyValue => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') return parseDict();
    if (ch === '[') return parseSeq(']');
    if (ch === '(') return parseSeq(')');
    if (ch === "'" || ch === '"') return parseString();
    if ((ch === 'u' || ch === 'b') && (text[pos + 1] === "'" || text[pos + 1] === '"')) {
      pos++;
      return parseString();
    }
    for (const [word, value] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(pos, pos + 40));
    if (num) {
      pos += num[0].length;
      return Number(num[0]);
    }
    return fail('a value');
  };
  const value = parseValue();
  skipSpace();
  if (pos !== text.length) fail('the end of the line');
  return value;
}
