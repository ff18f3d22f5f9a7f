/**
 * Parses a timestamp cell: a number (seconds since the epoch, or any ordinal) or a date string
 * understood by `Date.parse` (converted to seconds). Returns undefined when it is neither.
 */
export function parseTime(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const value = Number(text);
  if (Number.isFinite(value)) return value;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) && !/[a-zA-Z]{3,}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** True when a cell is a plain number. */
export function isNumeric(raw: string): boolean {
  const text = raw.trim();
  return text !== '' && Number.isFinite(Number(text));
}
