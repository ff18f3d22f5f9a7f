import { InputError } from '../dataset/errors';
import type { InputFile } from './inputFile';

/** A decoded text file and how it was decoded. */
export interface DecodedText {
  name: string;
  text: string;
  encoding: 'utf-8' | 'latin-1';
  /** Set when the bytes were not valid UTF-8 and were read as Latin-1. */
  warning?: string;
}

const SNIFF_BYTES = 65536;

/** Throws when the start of the bytes looks like binary data rather than text. */
function rejectBinary(name: string, data: Uint8Array): void {
  const end = Math.min(data.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = data[i];
    if (b === 0) {
      throw new InputError(
        { file: name },
        'a text file',
        `binary data (a NUL byte at byte ${i + 1})`,
      );
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (end > 0 && control / end > 0.05) {
    throw new InputError({ file: name }, 'a text file', `binary data (${control} control bytes)`);
  }
}

/**
 * Decodes a file as UTF-8, or as Latin-1 (Windows-1252) with a warning when it is not valid UTF-8;
 * `latin1` forces Latin-1 for formats known to use it. Strips a byte-order mark; rejects binary data.
 */
export function decodeText(file: InputFile, latin1 = false): DecodedText {
  if (typeof file.data === 'string') {
    return { name: file.name, text: stripBom(file.data), encoding: 'utf-8' };
  }
  rejectBinary(file.name, file.data);
  if (latin1) {
    return {
      name: file.name,
      text: new TextDecoder('latin1').decode(file.data),
      encoding: 'latin-1',
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file.data);
    return { name: file.name, text, encoding: 'utf-8' };
  } catch {
    return {
      name: file.name,
      text: new TextDecoder('latin1').decode(file.data),
      encoding: 'latin-1',
      warning: `${file.name}: not valid UTF-8, read as Latin-1`,
    };
  }
}

/** Removes a leading byte-order mark. */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
