import { Gzip, gzipSync, zipSync } from 'fflate';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { InputFile } from '../../src/ingestion/inputFile';

const ROOT = path.resolve(__dirname, '../..');

/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * A gzip file whose text (`line` repeated) expands to about `expandedBytes`, made by streaming
 * deflate so the expanded text is never held whole.
 */
export function gzipBomb(line: string, expandedBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const gzip = new Gzip({ level: 9 }, (chunk) => parts.push(chunk));
  const block = utf8(line.repeat(Math.ceil(2 ** 20 / line.length)));
  for (let done = 0; done < expandedBytes; done += block.length) gzip.push(block);
  gzip.push(new Uint8Array(0), true);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A zip archive with one stored entry, marked encrypted in both of its headers. */
export function encryptedZip(name: string, text: string): Uint8Array {
  const zip = zipSync({ [name]: [utf8(text), { level: 0 }] });
  const view = new DataView(zip.buffer);
  view.setUint16(6, view.getUint16(6, true) | 1, true);
  const end = zip.length - 22;
  const central = view.getUint32(end + 16, true);
  view.setUint16(central + 8, view.getUint16(central + 8, true) | 1, true);
  return zip;
}

/** Exit code, stdout and stderr of the real CLI run in its own Node process. */
export function runCli(
  args: string[],
  heapMiB?: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const node = heapMiB !== undefined ? [`--max-old-space-size=${heapMiB}`] : [];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...node, '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

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
