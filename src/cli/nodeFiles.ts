import { existsSync } from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../ingestion/inputFile';
import { fileSource } from './fileSource';

/** A file on disk as an `InputFile` named by its path, read in chunks as it is parsed. */
export function readInputFile(file: string): InputFile {
  return { name: file, data: fileSource(file) };
}

/** The first of `names` (each tried plain and `.gz`) that exists in `dir`. */
function findIn(dir: string, names: string[]): string[] {
  const found: string[] = [];
  for (const name of names) {
    const plain = path.join(dir, name);
    if (existsSync(plain)) found.push(plain);
    else if (existsSync(`${plain}.gz`)) found.push(`${plain}.gz`);
  }
  return found;
}

/** Files that belong with `file`: the other half of a pair and item-text or map files next to it. */
export interface Siblings {
  interactions: string[];
  items: string[];
}

/**
 * Finds the companions of an input file on disk: MovieLens `u.data`/`u.item` and
 * `ratings.dat`/`movies.dat`, UniSRec split files with their `.text` and index maps, a RecBole
 * `.item` next to a `.inter`, and HLLM `information/<name>.csv` next to `dataset/<name>.csv`.
 */
export function findSiblings(file: string): Siblings {
  const dir = path.dirname(file);
  const base = path.basename(file).replace(/\.gz$/i, '');
  const lower = base.toLowerCase();
  if (lower === 'u.data') return { interactions: [], items: findIn(dir, ['u.item']) };
  if (lower === 'u.item') return { interactions: findIn(dir, ['u.data']), items: [] };
  if (lower === 'ratings.dat') return { interactions: [], items: findIn(dir, ['movies.dat']) };
  if (lower === 'movies.dat') return { interactions: findIn(dir, ['ratings.dat']), items: [] };
  const split = /^(.*)\.(train|valid|test)\.inter$/.exec(base);
  if (split) {
    const stem = split[1];
    return {
      interactions: findIn(
        dir,
        ['train', 'valid', 'test'].map((s) => `${stem}.${s}.inter`),
      ),
      items: findIn(dir, [
        `${stem}.text`,
        `${stem}.item`,
        `${stem}.item2index`,
        `${stem}.user2index`,
      ]),
    };
  }
  const inter = /^(.*)\.inter$/.exec(base);
  if (inter)
    return { interactions: [], items: findIn(dir, [`${inter[1]}.item`, `${inter[1]}.text`]) };
  if (path.basename(dir) === 'dataset' && lower.endsWith('.csv')) {
    return { interactions: [], items: findIn(path.join(dir, '..', 'information'), [base]) };
  }
  return { interactions: [], items: [] };
}

/**
 * The files named on the command line with their companions on disk: the other interaction files
 * of a pair or split, and (when no item file is named) the item-text and map files found beside them.
 */
export function withCompanions(
  interactions: string[],
  items: string[],
): { interactions: string[]; items: string[] } {
  const allInteractions = [...interactions];
  const allItems = [...items];
  for (const file of interactions) {
    const siblings = findSiblings(file);
    for (const s of siblings.interactions)
      if (!allInteractions.includes(s)) allInteractions.push(s);
    if (items.length === 0)
      for (const s of siblings.items) if (!allItems.includes(s)) allItems.push(s);
  }
  return { interactions: allInteractions, items: allItems };
}
