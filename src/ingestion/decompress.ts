import { Gunzip, Inflate } from 'fflate';
import { InputError } from '../dataset/errors';
import { readAll, readPrefix, type ByteSource } from './byteSource';
import { byteSourceOf, type InputFile } from './inputFile';
import { entryBytes, listZipEntries, type ZipEntry } from './zipArchive';

/** True when the bytes start with the gzip magic number. */
function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** True when the bytes start with a zip signature (a local-file header, or the end record of an empty archive). */
function isZip(data: Uint8Array): boolean {
  return (
    data.length >= 4 &&
    data[0] === 0x50 &&
    data[1] === 0x4b &&
    ((data[2] === 0x03 && data[3] === 0x04) || (data[2] === 0x05 && data[3] === 0x06))
  );
}

/**
 * Compressed bytes fed to the inflater at a time: deflate expands at most ~1032×, so one push yields
 * at most ~16 MiB, however hostile the archive.
 */
const PUSH_BYTES = 16 * 1024;

/** A streaming inflater (fflate's push interface). */
interface PushStream {
  push(chunk: Uint8Array, final: boolean): void;
}

/**
 * Runs compressed chunks through a push-style inflater and yields what it produces, in small pushes
 * so that memory stays bounded; errors become `InputError`s naming `file`.
 */
function* inflateChunks(
  file: string,
  expected: string,
  compressed: Iterable<Uint8Array>,
  create: (emit: (data: Uint8Array) => void) => PushStream,
): Iterable<Uint8Array> {
  const out: Uint8Array[] = [];
  const fail = (err: unknown) =>
    new InputError(
      { file },
      expected,
      `a corrupt archive (${err instanceof Error ? err.message : String(err)})`,
    );
  let stream: PushStream;
  try {
    stream = create((data) => {
      if (data.length > 0) out.push(data);
    });
  } catch (err) {
    throw fail(err);
  }
  for (const chunk of compressed) {
    for (let at = 0; at < chunk.length; at += PUSH_BYTES) {
      try {
        stream.push(chunk.subarray(at, at + PUSH_BYTES), false);
      } catch (err) {
        throw fail(err);
      }
      yield* out.splice(0);
    }
  }
  try {
    stream.push(new Uint8Array(0), true);
  } catch (err) {
    throw fail(err);
  }
  yield* out.splice(0);
}

/** The expanded bytes of a gzip source, inflated as they are read. */
function gunzipSource(file: string, source: ByteSource): ByteSource {
  return {
    chunks: () =>
      inflateChunks(file, 'a valid gzip file', source.chunks(), (emit) => new Gunzip(emit)),
  };
}

/** The expanded bytes of one zip entry, inflated as they are read. */
function zipEntrySource(archive: string, data: Uint8Array, entry: ZipEntry): ByteSource {
  const where = `${archive}: ${entry.name}`;
  if (entry.encrypted) {
    throw new InputError(
      { file: where },
      'an unencrypted zip entry',
      'an encrypted (password-protected) entry',
    );
  }
  const bytes = entryBytes(archive, data, entry);
  if (entry.method === 0) return { size: bytes.length, chunks: () => [bytes] };
  if (entry.method !== 8) {
    throw new InputError(
      { file: where },
      'a stored or deflated zip entry',
      `compression method ${entry.method}`,
    );
  }
  return {
    size: entry.size,
    chunks: () => inflateChunks(where, 'a valid zip entry', [bytes], (emit) => new Inflate(emit)),
  };
}

/** Entries a zip holds for people, not data: folders and macOS resource forks. */
function isHousekeeping(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/');
}

/**
 * Expands a file into the plain files it holds, without decompressing anything yet: a gzip file
 * becomes one file (same name: detection ignores `.gz`, errors name what the user gave), a zip
 * archive becomes its entries (folders and `__MACOSX/` left out), anything else is returned as is.
 * An empty zip, or one with only folders, is an `InputError`.
 */
export function expandFile(file: InputFile): InputFile[] {
  const source = byteSourceOf(file);
  if (source === undefined) return [file];
  const magic = readPrefix(source, 4);
  if (isGzip(magic)) return [{ name: file.name, data: gunzipSource(file.name, source) }];
  if (!isZip(magic)) return [{ name: file.name, data: source }];
  const data = readAll(source);
  const entries = listZipEntries(file.name, data).filter((e) => !isHousekeeping(e.name));
  if (entries.length === 0)
    throw new InputError(
      { file: file.name },
      'a zip archive holding data files',
      'an empty archive',
    );
  return entries.flatMap((entry) =>
    expandFile({ name: entry.name, data: zipEntrySource(file.name, data, entry) }),
  );
}
