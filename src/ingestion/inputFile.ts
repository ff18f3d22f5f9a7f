import { memorySource, type ByteSource } from './byteSource';

/** One input file as bytes (in memory or read in chunks) or text already decoded, named as the user gave it. */
export interface InputFile {
  /** File name, possibly with a folder prefix (e.g. `ml-100k/u.data`); used for detection and errors. */
  name: string;
  data: Uint8Array | string | ByteSource;
}

/** The last path segment of a file name. */
export function baseName(name: string): string {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return cut >= 0 ? name.slice(cut + 1) : name;
}

/** A file's bytes as a chunked source (undefined for text given as a string). */
export function byteSourceOf(file: InputFile): ByteSource | undefined {
  if (typeof file.data === 'string') return undefined;
  return file.data instanceof Uint8Array ? memorySource(file.data) : file.data;
}
