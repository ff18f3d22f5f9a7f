import Papa from 'papaparse';
import { isNumeric, parseTime } from './parseTime';
import type { FileRole } from './formatNames';
import { baseName } from './inputFile';

const MOVIELENS_EXTRAS =
  /^(u\.(user|genre|info|occupation)|u\d\.(base|test)|u[ab]\.(base|test)|users\.dat|readme(\.txt|\.html)?|allbut\.pl|mku\.sh|tags\.dat|links\.csv)$/i;
const ID_COLUMN = /^(user|item|asin|reviewer|movie|product|session|customer)/i;

/** The first line of a text. */
function firstLine(head: string): string {
  const end = head.indexOf('\n');
  return (end < 0 ? head : head.slice(0, end)).replace(/\r$/, '');
}

/** Role of a JSON-lines file from the keys of its first record. */
function detectJson(line: string): FileRole {
  if (line.startsWith("{'")) return { role: 'items', format: 'amazon-meta' };
  if (/"reviewerID"/.test(line)) {
    const is2018 = /"(verified|vote|style|image)"/.test(line);
    return { role: 'interactions', format: is2018 ? 'amazon-2018' : 'amazon-2014' };
  }
  if (
    /"asin"/.test(line) &&
    /"(title|categories|category|description|brand|related|salesRank)"/.test(line)
  ) {
    return { role: 'items', format: 'amazon-meta' };
  }
  if (/"(user|reviewer|customer|session)[^"]*"\s*:/i.test(line))
    return { role: 'interactions', format: 'jsonl' };
  return { role: 'items', format: 'jsonl-items' };
}

/** Role of a delimited text file from its first lines. */
function detectDelimited(head: string): FileRole {
  const rows = Papa.parse<string[]>(head, { preview: 20, skipEmptyLines: true }).data;
  const header = rows[0] ?? [];
  const names = header.map((c) => c.trim().toLowerCase());
  if (names.length >= 3 && ['item_id', 'user_id', 'timestamp'].every((c) => names.includes(c))) {
    return { role: 'interactions', format: 'hllm' };
  }
  const widths = new Set(rows.map((r) => r.length));
  if (
    widths.size === 1 &&
    header.length === 4 &&
    rows.every((r) => !isNumeric(r[0]) || !isNumeric(r[1])) &&
    rows.every(
      (r) =>
        isNumeric(r[2]) &&
        Number(r[2]) >= 0 &&
        Number(r[2]) <= 5 &&
        isNumeric(r[3]) &&
        Number(r[3]) > 1e8,
    )
  ) {
    return { role: 'interactions', format: 'amazon-ratings' };
  }
  if (names.includes('item_id') && !names.some((c) => /user/.test(c)))
    return { role: 'items', format: 'hllm-items' };
  const hasUser = names.some((c) => /user|reviewer|customer|session|visitor/.test(c));
  const named = header.some((c) => ID_COLUMN.test(c.trim()));
  if (named && !hasUser) return { role: 'items', format: 'csv-items' };
  return { role: 'interactions', format: 'csv' };
}

/** A header cell of an interaction table (`user_id`, `item`, `timestamp`, `rating`…). */
const HEADER_NAME = /^(user|item|session|time|timestamp|date|rating|id|userid|itemid)$|_id$/i;

/** True when every value is a number within `[low, high]`. */
function allWithin(values: string[], low: number, high: number): boolean {
  return values.every((v) => isNumeric(v) && Number(v) >= low && Number(v) <= high);
}

/**
 * True when lines of equally many tokens (3 or more) read as one sequence per line rather than a
 * table: each line's first token (the user) is new, and no later column holds times (numbers from
 * 1e8) or ratings (numbers 0–5 while the second column goes beyond).
 */
function looksLikeEqualSequences(rows: string[][]): boolean {
  const width = rows[0].length;
  if (width < 3 || rows.length < 2) return false;
  if (rows[0].some((t) => HEADER_NAME.test(t))) return false;
  if (new Set(rows.map((r) => r[0])).size !== rows.length) return false;
  const column = (k: number) => rows.map((r) => r[k]);
  const itemsBeyondRatings = !allWithin(column(1), 0, 5);
  for (let k = 1; k < width; k++) {
    const values = column(k);
    if (values.every((v) => isNumeric(v) && Number(v) >= 1e8)) return false;
    if (values.every((v) => !isNumeric(v) && parseTime(v) !== undefined)) return false;
    if (k > 1 && itemsBeyondRatings && allWithin(values, 0, 5)) return false;
  }
  return true;
}

/**
 * True when lines are whitespace-separated tokens of one sequence per line: varying token counts,
 * or equal counts that read as sequences (see `looksLikeEqualSequences`).
 */
function looksLikeSequences(head: string): boolean {
  const lines = head
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0 || lines.some((l) => /[,;|"{]/.test(l))) return false;
  const rows = lines.map((l) => l.split(/\s+/));
  const counts = new Set(rows.map((r) => r.length));
  if (rows.some((r) => r.length < 2)) return false;
  return counts.size > 1 || looksLikeEqualSequences(rows);
}

/**
 * Detects a file's role and format from its name and the start of its text: MovieLens, RecBole and
 * UniSRec files by name, Amazon and generic JSON lines by keys, HLLM CSV by header, Amazon ratings
 * by shape, sequence-per-line files by varying token counts; anything else is a generic CSV/TSV.
 * `head` holds whole lines only (see `sniffHead`).
 */
export function detectFormat(name: string, head: string): FileRole {
  const base = baseName(name).toLowerCase().replace(/\.gz$/, '');
  if (base === 'u.data') return { role: 'interactions', format: 'movielens-100k' };
  if (base === 'u.item') return { role: 'items', format: 'movielens-100k-items' };
  if (base === 'ratings.dat') return { role: 'interactions', format: 'movielens-1m' };
  if (base === 'movies.dat') return { role: 'items', format: 'movielens-1m-items' };
  if (MOVIELENS_EXTRAS.test(base))
    return { role: 'ignored', reason: 'a MovieLens file not used for sequences' };
  if (base.endsWith('.user2index')) return { role: 'user-map' };
  if (base.endsWith('.item2index')) return { role: 'item-map' };
  const line = firstLine(head);
  if (base.endsWith('.inter')) {
    const unisrec = /\.(train|valid|test)\.inter$/.test(base) || /item_id_list:/.test(line);
    return { role: 'interactions', format: unisrec ? 'unisrec' : 'recbole' };
  }
  if (base.endsWith('.item') || base.endsWith('.text'))
    return { role: 'items', format: 'recbole-items' };
  if (/^[^\t]+:(token|token_seq|float|float_seq)(\t|$)/.test(line)) {
    if (/item_id_list:/.test(line)) return { role: 'interactions', format: 'unisrec' };
    return /user_id:/.test(line)
      ? { role: 'interactions', format: 'recbole' }
      : { role: 'items', format: 'recbole-items' };
  }
  if (line.trimStart().startsWith('{')) return detectJson(line.trimStart());
  if (/sequence/.test(base) || looksLikeSequences(head))
    return { role: 'interactions', format: 'sequence-lines' };
  return detectDelimited(head);
}

/** The start of a text for detection: up to `limit` characters, cut after the last complete line. */
export function sniffHead(text: string, limit = 65536): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf('\n', limit);
  return cut > 0 ? text.slice(0, cut) : text.slice(0, limit);
}
