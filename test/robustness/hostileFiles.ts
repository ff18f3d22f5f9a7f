import { gzipSync } from 'fflate';
import type { InputFile } from '../../src/ingestion/inputFile';

/** An input file from text, encoded as UTF-8 bytes like a file read from disk. */
export function textFile(name: string, text: string): InputFile {
  return { name, data: new TextEncoder().encode(text) };
}

/** A gzip-compressed input file from text. */
export function gzFile(name: string, text: string): InputFile {
  return { name, data: gzipSync(new TextEncoder().encode(text)) };
}

/**
 * A small UniSRec-style split keyed by index (`1`…`n`) with its `.item2index` map and a `.text`
 * file keyed by the original ids (`ASIN1`…): `users` users, each with the items `1..len`.
 */
export function unisrecSplit(
  users: number,
  len: number,
): {
  train: InputFile;
  valid: InputFile;
  test: InputFile;
  map: InputFile;
  text: InputFile;
} {
  const header = 'user_id:token\titem_id_list:token_seq\titem_id:token\n';
  const rows = (cut: number) =>
    Array.from({ length: users }, (_, u) => {
      const items = Array.from({ length: len - cut }, (_, k) => String(((u + k) % len) + 1));
      const target = items.pop() as string;
      return `${u + 1}\t${items.join(' ')}\t${target}\n`;
    }).join('');
  const map = Array.from({ length: len }, (_, i) => `ASIN${i + 1}\t${i + 1}\n`).join('');
  const text =
    'item_id:token\ttext:token_seq\n' +
    Array.from({ length: len }, (_, i) => `ASIN${i + 1}\tProduct number ${i + 1}\n`).join('');
  return {
    train: textFile('S.train.inter', header + rows(2)),
    valid: textFile('S.valid.inter', header + rows(1)),
    test: textFile('S.test.inter', header + rows(0)),
    map: textFile('S.item2index', map),
    text: textFile('S.text', text),
  };
}
