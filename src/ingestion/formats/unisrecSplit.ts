import { splitIds, trimId } from '../trimId';
import { InputError } from '../../dataset/errors';
import type { DecodedText } from '../decodeText';
import type { InteractionLog } from '../interactionLog';
import type { SkipTracker } from '../skipTracker';
import { forEachAtomicRow, parseAtomicHeader } from './recbole';

/** One row of a UniSRec split file: the user, history + target as tokens, and where it came from. */
interface SplitRow {
  user: string;
  items: string[];
  file: string;
  line: number;
}

/** Rank of a split file by name: test rows hold the longest histories, so they are read first. */
function splitRank(name: string): number {
  if (/\.test\.inter(\.gz)?$/i.test(name)) return 0;
  if (/\.valid\.inter(\.gz)?$/i.test(name)) return 1;
  return 2;
}

/** Reads the rows of one split file (`user_id:token item_id_list:token_seq item_id:token`). */
function readRows(file: DecodedText, skips: SkipTracker, out: SplitRow[]): void {
  const fields = parseAtomicHeader(file);
  const find = (name: string): number => {
    const index = fields.findIndex((f) => f.name === name);
    if (index < 0) {
      throw new InputError(
        { file: file.name, line: 1, column: name },
        `a "${name}" field in the header`,
        fields.map((f) => f.name).join(' '),
      );
    }
    return index;
  };
  const ui = find('user_id');
  const li = find('item_id_list');
  const ii = find('item_id');
  forEachAtomicRow(file, fields, skips, 'malformed-row', (parts, where) => {
    const user = trimId(parts[ui]);
    const target = trimId(parts[ii]);
    if (user === '')
      return skips.skip('missing-user-id', { ...where, column: 'user_id' }, 'an empty user id');
    if (target === '')
      return skips.skip('missing-item-id', { ...where, column: 'item_id' }, 'an empty target item');
    const history = splitIds(parts[li]);
    history.push(target);
    out.push({ user, items: history, file: file.name, line: where.line });
  });
}

/**
 * True when `row` (history + target) fits `seq`, the user's longest row. When `seq` is shorter than
 * the cut-off (`cap` history items + target) it holds the whole sequence, so `row` must be a prefix
 * of it. When `seq` was cut, `row` must line up with it where they overlap, or (`early`: a training
 * prefix, which may stop before the cut sequence starts) end before it starts. A valid or test row is
 * never early: its target is one of the last two items, inside `seq` whenever `cap` >= 1.
 */
function consistent(row: string[], seq: string[], cap: number, early: boolean): boolean {
  const cut = seq.length === cap + 1;
  for (let end = 0; end < seq.length; end++) {
    const start = end - row.length + 1;
    if (!cut && start !== 0) continue;
    let ok = true;
    for (let k = Math.max(0, -start); k < row.length && ok; k++) ok = seq[start + k] === row[k];
    if (ok) return true;
  }
  return early && cut && !seq.includes(row[row.length - 1]);
}

/**
 * Reassembles UniSRec-style split files (`X.train.inter` with every prefix, `X.valid.inter`,
 * `X.test.inter`) into one sequence per user: the longest row's history + target (test rows win
 * ties). Every other row must line up with it; rows that do not are counted as skipped. Ids are
 * translated through `.user2index`/`.item2index` maps when given.
 */
export function reassembleUnisrec(
  files: DecodedText[],
  log: InteractionLog,
  skips: SkipTracker,
  maps: { users?: Map<string, string>; items?: Map<string, string> },
): void {
  const rows: SplitRow[] = [];
  for (const file of [...files].sort((a, b) => splitRank(a.name) - splitRank(b.name)))
    readRows(file, skips, rows);
  const longest = new Map<string, SplitRow>();
  let cap = 0;
  for (const row of rows) {
    cap = Math.max(cap, row.items.length - 1);
    const best = longest.get(row.user);
    if (!best || row.items.length > best.items.length) longest.set(row.user, row);
  }
  for (const row of rows) {
    const best = longest.get(row.user) as SplitRow;
    const early = splitRank(row.file) === 2;
    if (row !== best && !consistent(row.items, best.items, cap, early)) {
      skips.skip(
        'inconsistent-split-row',
        { file: row.file, line: row.line },
        `user ${row.user}'s history + target does not match the longest row (${best.file}, line ${best.line})`,
      );
    }
  }
  for (const [token, row] of longest) {
    const user = maps.users ? maps.users.get(token) : token;
    if (user === undefined) {
      skips.skip(
        'unknown-user-index',
        { file: row.file, line: row.line, column: 'user_id' },
        `index ${token} not in user2index`,
      );
      continue;
    }
    const ids: string[] = [];
    for (const t of row.items) {
      const item = maps.items ? maps.items.get(t) : t;
      if (item === undefined) {
        skips.skip(
          'unknown-item-index',
          { file: row.file, line: row.line, column: 'item_id_list' },
          `index ${t} not in item2index`,
        );
        continue;
      }
      ids.push(item);
    }
    if (ids.length === 0) continue;
    const dense = log.internUser(user);
    log.beginFile(row.file);
    for (const item of ids) log.addDense(dense, log.internItem(item), 0, row.line);
  }
}
