/** Digits that may not survive `Number`: integers of 16 digits or more (beyond 2^53 from 9007199254740993). */
const LONG_DIGITS = /\d{16}/;

/**
 * A JSON text whose integer literals of 16 digits or more (outside strings) are turned into strings,
 * so that `JSON.parse` keeps every digit of a big numeric id (`12345678901234567890` would otherwise
 * become `12345678901234567000`). Other text, strings included, is unchanged.
 */
export function quoteBigIntegers(json: string): string {
  if (!LONG_DIGITS.test(json)) return json;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (!/[-\d]/.test(c)) continue;
    let end = i + 1;
    while (end < json.length && /[\d.eE+-]/.test(json[end])) end++;
    const literal = json.slice(i, end);
    if (/^-?\d{16,}$/.test(literal)) {
      out += `${json.slice(from, i)}"${literal}"`;
      from = end;
    }
    i = end - 1;
  }
  return out + json.slice(from);
}
