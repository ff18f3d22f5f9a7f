/**
 * Calls `fn` for each line of `text` with its 1-based line number, without splitting the whole text
 * into an array. Handles `\n` and `\r\n`; a final empty line is not reported.
 */
export function forEachLine(text: string, fn: (line: string, lineNo: number) => void): void {
  let start = 0;
  let lineNo = 1;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    fn(text.slice(start, stop), lineNo);
    start = end + 1;
    lineNo++;
  }
}

/** The first `count` lines of `text` (for sniffing and previews). */
export function headLines(text: string, count: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < count && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push(text.slice(start, end).replace(/\r$/, ''));
    start = end + 1;
  }
  return out;
}
