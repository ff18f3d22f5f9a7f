import { InputError } from '../dataset/errors';
import { readPrefix, type ByteSource } from './byteSource';
import { sniffHead } from './detectFormat';
import { spendBudget, type InputBudget } from './inputBudget';
import { byteSourceOf, type InputFile } from './inputFile';

/** Text encodings read. */
export type TextEncodingName = 'utf-8' | 'latin-1' | 'utf-16le' | 'utf-16be';

/** A text file decoded as it is read: its start for detection and previews, the whole in chunks. */
export interface DecodedText {
  name: string;
  encoding: TextEncodingName;
  /** Set when the bytes were not valid UTF-8 and were read as Latin-1. */
  warning?: string;
  /**
   * The start of the text (from about the first 64 KiB), cut after its last complete line unless it
   * is the whole text.
   */
  head: string;
  /** Bytes of the whole file (after decompression) when known: its size, or counted by the checking pass. */
  bytes?: number;
  /** The whole text from the start, in chunks; each call decodes the file again. */
  chunks(): Iterable<string>;
}

/** Called as a file's text is read: bytes so far (after decompression) and in all when known. */
export type ReadProgress = (bytesRead: number, bytesTotal: number | undefined) => void;

/** Options of `decodeText`. */
export interface DecodeOptions {
  /** Read as Latin-1 (Windows-1252), for formats known to use it. */
  latin1?: boolean;
  /** Counts the file's bytes against the ingestion's size limit (checked while reading). */
  budget?: InputBudget;
  /**
   * Decide the encoding from the start only and skip the pass over the whole file (previews): a file
   * whose invalid UTF-8 comes later is then read with replacement characters.
   */
  headOnly?: boolean;
  /** Told how far each full read of the text has got. */
  onRead?: ReadProgress;
}

const SNIFF_BYTES = 65536;

const DECODER_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'utf-8',
  'latin-1': 'latin1',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/**
 * UTF-16 from a byte-order mark, or from text whose every other byte is zero (ASCII in UTF-16
 * without a mark); undefined otherwise.
 */
function detectUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(2048, Math.floor(head.length / 2));
  if (pairs < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > 0.9 * pairs && evenZero < 0.1 * pairs) return 'utf-16le';
  if (evenZero > 0.9 * pairs && oddZero < 0.1 * pairs) return 'utf-16be';
  return undefined;
}

/** Throws when the start of the bytes looks like binary data rather than text. */
function rejectBinary(name: string, data: Uint8Array): void {
  let control = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0) {
      throw new InputError(
        { file: name },
        'a text file (UTF-8, UTF-16 or Latin-1)',
        `binary data (a NUL byte at byte ${i + 1})`,
      );
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (data.length > 0 && control / data.length > 0.05) {
    throw new InputError(
      { file: name },
      'a text file (UTF-8, UTF-16 or Latin-1)',
      `binary data (${control} control bytes)`,
    );
  }
}

/**
 * True when `bytes` are valid UTF-8; when they are only the start of a file (`complete` false), a
 * sequence cut at their end is allowed.
 */
function validUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a whole source once, counting its bytes against the budget and, when `checkUtf8` is set,
 * telling whether it is valid UTF-8 throughout.
 */
function measure(
  name: string,
  source: ByteSource,
  budget: InputBudget | undefined,
  checkUtf8: boolean,
): { valid: boolean; bytes?: number } {
  let valid = checkUtf8;
  let bytes = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const chunk of source.chunks()) {
    bytes += chunk.length;
    if (budget) spendBudget(budget, name, chunk.length);
    if (!valid) {
      if (!budget) return { valid: false };
      continue;
    }
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      valid = false;
    }
  }
  if (valid) {
    try {
      decoder.decode();
    } catch {
      valid = false;
    }
  }
  return { valid, bytes };
}

/** Removes a leading byte-order mark. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The chunks of `source` decoded as `encoding` (a byte-order mark dropped). */
function* decodeChunks(
  source: ByteSource,
  encoding: TextEncodingName,
  total: number | undefined,
  onRead: ReadProgress | undefined,
): Iterable<string> {
  const decoder = new TextDecoder(DECODER_LABELS[encoding]);
  let first = true;
  let read = 0;
  for (const chunk of source.chunks()) {
    read += chunk.length;
    onRead?.(read, total);
    const text = decoder.decode(chunk, { stream: true });
    yield first ? stripBom(text) : text;
    if (text.length > 0) first = false;
  }
  yield decoder.decode();
}

/**
 * Decodes a file as it is read: UTF-16 (by byte-order mark or zero bytes), Latin-1 when `latin1` is
 * set, else UTF-8, or Latin-1 with a warning when the bytes are not valid UTF-8 (checked over the
 * whole file in one streaming pass, which also counts the bytes against the budget). Rejects binary
 * data. Text given as a string is used as it is.
 */
export function decodeText(file: InputFile, options: DecodeOptions = {}): DecodedText {
  const source = byteSourceOf(file);
  if (source === undefined) {
    const text = stripBom(file.data as string);
    if (options.budget) spendBudget(options.budget, file.name, text.length);
    return { name: file.name, encoding: 'utf-8', head: sniffHead(text), chunks: () => [text] };
  }
  const start = readPrefix(source, SNIFF_BYTES);
  const utf16 = detectUtf16(start);
  if (utf16 === undefined) rejectBinary(file.name, start);
  let encoding: TextEncodingName = utf16 ?? (options.latin1 ? 'latin-1' : 'utf-8');
  const checkUtf8 = encoding === 'utf-8';
  let valid = checkUtf8 ? validUtf8(start, false) : false;
  const whole = start.length < SNIFF_BYTES;
  let bytes = whole ? start.length : source.size;
  if (!options.headOnly && (options.budget || (checkUtf8 && valid))) {
    if (whole && (!checkUtf8 || valid)) {
      if (options.budget) spendBudget(options.budget, file.name, start.length);
      if (checkUtf8) valid = validUtf8(start, true);
    } else {
      const measured = measure(file.name, source, options.budget, checkUtf8 && valid);
      valid = measured.valid;
      bytes = measured.bytes ?? bytes;
    }
  }
  let warning: string | undefined;
  if (checkUtf8 && !valid) {
    encoding = 'latin-1';
    warning = `${file.name}: not valid UTF-8, read as Latin-1`;
  }
  const startText = stripBom(
    new TextDecoder(DECODER_LABELS[encoding]).decode(start, { stream: !whole }),
  );
  return {
    name: file.name,
    encoding,
    warning,
    head: whole ? startText : sniffHead(startText, startText.length - 1),
    bytes,
    chunks: () => decodeChunks(source, encoding, bytes, options.onRead),
  };
}
