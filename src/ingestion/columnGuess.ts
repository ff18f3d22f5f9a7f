import { isNumeric, parseTime } from './parseTime';

/** Which columns (or JSON keys) hold the user, item, time and item text. */
export interface ColumnMapping {
  user: string;
  item: string;
  /** Absent: rows keep file order. */
  time?: string;
  /** Columns copied into the item's text (first value seen per item wins). */
  text?: string[];
}

const USER_NAMES = ['user_id', 'userid', 'user', 'reviewerid', 'uid', 'customer_id', 'session_id'];
const ITEM_NAMES = [
  'item_id',
  'itemid',
  'item',
  'asin',
  'movieid',
  'movie_id',
  'product_id',
  'iid',
];
const TIME_NAMES = ['timestamp', 'time', 'unixreviewtime', 'ts', 'datetime', 'date'];
const USER_PATTERN = /user|reviewer|customer|visitor|session/i;
const ITEM_PATTERN = /item|asin|movie|product|book|song|track|article|video/i;
const TIME_PATTERN = /time|date/i;

/** The column whose lower-cased name is in `names`, else the first matching `pattern`. */
function byName(
  columns: string[],
  names: string[],
  pattern: RegExp,
  taken: string[],
): string | undefined {
  const free = columns.filter((c) => !taken.includes(c));
  return (
    free.find((c) => names.includes(c.toLowerCase().replace(/:.*$/, ''))) ??
    free.find((c) => pattern.test(c))
  );
}

/** True when every non-empty sampled value of column `index` passes `test` (and there is one). */
function columnIs(rows: string[][], index: number, test: (v: string) => boolean): boolean {
  let seen = 0;
  for (const row of rows) {
    const v = row[index];
    if (v === undefined || v.trim() === '') continue;
    if (!test(v)) return false;
    seen++;
  }
  return seen > 0;
}

/** True when a value looks like a Unix time in seconds or milliseconds, or a date. */
function looksLikeTime(v: string): boolean {
  if (isNumeric(v)) return Number(v) >= 1e8;
  return parseTime(v) !== undefined;
}

/**
 * Guesses the mapping from column names (id-like names first) and, where names say nothing, from
 * sampled values: the first two columns are user and item, time is a column of Unix times or dates,
 * and text columns are the other non-numeric ones.
 */
export function guessMapping(
  columns: string[],
  rows: string[][],
  named: boolean,
): Partial<ColumnMapping> {
  const taken: string[] = [];
  let user = named ? byName(columns, USER_NAMES, USER_PATTERN, taken) : undefined;
  if (user) taken.push(user);
  let item = named ? byName(columns, ITEM_NAMES, ITEM_PATTERN, taken) : undefined;
  if (item) taken.push(item);
  let time = named ? byName(columns, TIME_NAMES, TIME_PATTERN, taken) : undefined;
  if (time) taken.push(time);
  if (!user || !item) {
    const free = columns.filter((c) => !taken.includes(c));
    user ??= free.shift();
    item ??= free.shift();
    if (user) taken.push(user);
    if (item) taken.push(item);
  }
  if (!time) {
    time = columns.find((c, i) => !taken.includes(c) && columnIs(rows, i, looksLikeTime));
    if (time) taken.push(time);
  }
  const text = columns.filter(
    (c, i) =>
      !taken.includes(c) &&
      rows.some((r) => r[i] !== undefined && r[i].trim() !== '' && !isNumeric(r[i])),
  );
  return { user, item, time, text };
}
