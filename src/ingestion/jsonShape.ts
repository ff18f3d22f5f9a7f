/** The start of a JSON array of objects, arrays or strings (not a CSV cell such as `[tag]`). */
const JSON_ARRAY = /^\[\s*([{["\]]|$)/;

/**
 * What a file that starts like JSON but is not JSON lines is ("a JSON array", "pretty-printed JSON"),
 * from its first characters; undefined for JSON lines (one object per line, Python-literal dicts
 * included) and for anything else.
 */
export function jsonShapeProblem(head: string): string | undefined {
  const start = head.trimStart();
  const end = start.indexOf('\n');
  const first = (end < 0 ? start : start.slice(0, end)).trim();
  if (JSON_ARRAY.test(first)) return 'a JSON array';
  if (first.startsWith('{') && !first.endsWith('}') && end >= 0) return 'pretty-printed JSON';
  return undefined;
}
