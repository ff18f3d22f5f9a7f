/** A plain decimal number: digits with an optional sign, fraction and exponent (no hex, no `Infinity`). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A hexadecimal string (a hash or hex id), which is never a time even when `Date.parse` accepts it. */
const HEX = /^(0x)?[0-9a-f]+$/i;
/** A month name, which a date string in words must hold (`Date.parse` accepts stray words otherwise). */
const MONTH = /(^|[^a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*([^a-z]|$)/i;

/**
 * Parses a timestamp cell: a decimal number (seconds since the epoch, or any ordinal) or a date
 * string (ISO `YYYY-MM-DD…` or one naming a month) understood by `Date.parse` (converted to seconds).
 * Returns undefined when it is neither; hex strings (`0x1A`, `deadbeef`) are never times.
 */
export function parseTime(raw: string): number | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  if (HEX.test(text)) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) && !MONTH.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** True when a cell is a plain decimal number (hex such as `0x1A` is not). */
export function isNumeric(raw: string): boolean {
  const text = raw.trim();
  return DECIMAL.test(text) && Number.isFinite(Number(text));
}

/** Latest plausible interaction time: 2100-01-01 in seconds. */
export const LATEST_PLAUSIBLE_SECONDS = 4102444800;

/**
 * True when `value` can be an interaction time: from 1970-01-01 to 2100-01-01 read as seconds or
 * as milliseconds (small values are positions of order-only data, which are plausible too).
 */
export function plausibleTime(value: number): boolean {
  return value >= 0 && value <= LATEST_PLAUSIBLE_SECONDS * 1000;
}
