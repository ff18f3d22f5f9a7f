/** ASCII whitespace at either end of a cell: spaces, tabs and line breaks. */
const EDGE_SPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

/**
 * An id cell without the ASCII whitespace (space, tab, CR, LF) around it. Unlike `String.trim` it
 * keeps non-breaking and other Unicode spaces, which are part of the id as the file spells it.
 */
export function trimId(value: string): string {
  return value.replace(EDGE_SPACE, '');
}

/** Splits a line of whitespace-separated ids on spaces and tabs only (a non-breaking space stays in its id). */
export function splitIds(line: string): string[] {
  const trimmed = trimId(line);
  return trimmed === '' ? [] : trimmed.split(/[ \t]+/);
}
