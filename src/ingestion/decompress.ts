import { Gunzip, gunzipSync, unzipSync } from 'fflate';
import { InputError } from '../dataset/errors';
import type { InputFile } from './inputFile';

/** True when the bytes start with the gzip magic number. */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** True when the bytes start with a zip local-file header. */
export function isZip(data: Uint8Array): boolean {
  return (
    data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04
  );
}

/** Name without a trailing `.gz`. */
function stripGz(name: string): string {
  return name.toLowerCase().endsWith('.gz') ? name.slice(0, -3) : name;
}

/**
 * Expands a file into the plain files it holds: a gzip file becomes one file (name without `.gz`),
 * a zip archive becomes its non-folder entries, anything else is returned as is.
 */
export function expandFile(file: InputFile): InputFile[] {
  if (typeof file.data === 'string') return [file];
  if (isGzip(file.data)) {
    let data: Uint8Array;
    try {
      data = gunzipSync(file.data);
    } catch (err) {
      throw new InputError(
        { file: file.name },
        'a valid gzip file',
        `a corrupt archive (${String(err)})`,
      );
    }
    return [{ name: stripGz(file.name), data }];
  }
  if (isZip(file.data)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(file.data, { filter: (info) => !info.name.endsWith('/') });
    } catch (err) {
      throw new InputError(
        { file: file.name },
        'a valid zip archive',
        `a corrupt archive (${String(err)})`,
      );
    }
    return Object.entries(entries)
      .filter(([name]) => !name.startsWith('__MACOSX/'))
      .flatMap(([name, data]) => expandFile({ name, data }));
  }
  return [file];
}

/** Concatenates byte chunks into one array. */
function concatChunks(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Reads a stream of byte chunks into one file, gunzipping on the fly when the stream is gzip, so the
 * compressed and expanded bytes are never both held whole.
 */
export async function readChunks(
  name: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<InputFile> {
  const out: Uint8Array[] = [];
  let total = 0;
  let gunzip: Gunzip | undefined;
  let first = true;
  const collect = (chunk: Uint8Array): void => {
    out.push(chunk);
    total += chunk.length;
  };
  try {
    for await (const chunk of chunks) {
      if (first && chunk.length > 0) {
        first = false;
        if (isGzip(chunk)) gunzip = new Gunzip((data) => collect(data));
      }
      if (gunzip) gunzip.push(chunk);
      else collect(chunk);
    }
    if (gunzip) gunzip.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(
      { file: name },
      'a valid gzip stream',
      `a corrupt archive (${String(err)})`,
    );
  }
  return { name: gunzip ? stripGz(name) : name, data: concatChunks(out, total) };
}
