import type { DecodedText } from './decodeText';

/**
 * Calls `fn` for each line of a file with its 1-based line number, reading the text in chunks
 * (never the whole file as one string). Handles `\n` and `\r\n`; a final empty line is not reported.
 */
export function forEachLine(
  file: Pick<DecodedText, 'chunks'>,
  fn: (line: string, lineNo: number) => void,
): void {
  let carry = '';
  let lineNo = 1;
  for (const chunk of file.chunks()) {
    if (chunk.length === 0) continue;
    const text = carry === '' ? chunk : carry + chunk;
    let start = 0;
    let end = text.indexOf('\n');
    while (end >= 0) {
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      fn(text.slice(start, stop), lineNo++);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  if (carry !== '') fn(carry.endsWith('\r') ? carry.slice(0, -1) : carry, lineNo);
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
