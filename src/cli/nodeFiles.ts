import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../ingestion/inputFile';
import type { ProgressLog } from './progressLog';

/** Reads a file from disk as an `InputFile` named by its path. */
export function readInputFile(file: string): InputFile {
  return { name: file, data: new Uint8Array(readFileSync(file)) };
}

/** Reads `files` from disk as `InputFile`s, with progress (files and bytes). */
export function readInputFiles(files: string[], progress: ProgressLog): InputFile[] {
  const sizes = files.map((f) => statSync(f).size);
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  progress.work('read', { done: 0, total: files.length, bytesDone, bytesTotal });
  return files.map((file, i) => {
    const input = readInputFile(file);
    bytesDone += sizes[i];
    progress.work('read', { done: i + 1, total: files.length, bytesDone, bytesTotal });
    return input;
  });
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
