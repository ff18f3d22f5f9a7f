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
  /** `.item2index`/`.user2index` maps next to UniSRec split files (also listed in `items`). */
  maps: string[];
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
  if (lower === 'u.data') return { interactions: [], items: findIn(dir, ['u.item']), maps: [] };
  if (lower === 'u.item') return { interactions: findIn(dir, ['u.data']), items: [], maps: [] };
  if (lower === 'ratings.dat')
    return { interactions: [], items: findIn(dir, ['movies.dat']), maps: [] };
  if (lower === 'movies.dat')
    return { interactions: findIn(dir, ['ratings.dat']), items: [], maps: [] };
  const split = /^(.*)\.(train|valid|test)\.inter$/.exec(base);
  if (split) {
    const stem = split[1];
    const maps = findIn(dir, [`${stem}.item2index`, `${stem}.user2index`]);
    return {
      interactions: findIn(
        dir,
        ['train', 'valid', 'test'].map((s) => `${stem}.${s}.inter`),
      ),
      items: [...findIn(dir, [`${stem}.text`, `${stem}.item`]), ...maps],
      maps,
    };
  }
  const inter = /^(.*)\.inter$/.exec(base);
  if (inter)
    return {
      interactions: [],
      items: findIn(dir, [`${inter[1]}.item`, `${inter[1]}.text`]),
      maps: [],
    };
  if (path.basename(dir) === 'dataset' && lower.endsWith('.csv')) {
    return {
      interactions: [],
      items: findIn(path.join(dir, '..', 'information'), [base]),
      maps: [],
    };
  }
  return { interactions: [], items: [], maps: [] };
}

/**
 * The named files with their companions on disk (see `findSiblings`): the other interaction files
 * always; item-text files only when no `items` were named; id maps always, so that an explicit
 * item-text file keyed by original ids still meets split files keyed by index.
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
    const extra = items.length === 0 ? siblings.items : siblings.maps;
    for (const s of extra) if (!allItems.includes(s)) allItems.push(s);
  }
  return { interactions: allInteractions, items: allItems };
}
