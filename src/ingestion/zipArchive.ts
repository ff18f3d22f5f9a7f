import { InputError } from '../dataset/errors';

/** One entry of a zip archive's central directory. */
export interface ZipEntry {
  name: string;
  /** True when the entry is encrypted (general-purpose flag bit 0). */
  encrypted: boolean;
  /** Compression method: 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
const UNSET32 = 0xffffffff;

/** Little-endian readers over the archive's bytes. */
function reader(data: Uint8Array) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const inside = (at: number, n: number) => at >= 0 && at + n <= data.length;
  return {
    u16: (at: number) => (inside(at, 2) ? view.getUint16(at, true) : -1),
    u32: (at: number) => (inside(at, 4) ? view.getUint32(at, true) : -1),
    u64: (at: number) =>
      inside(at, 8) ? view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32 : -1,
  };
}

/**
 * Lists the entries of a zip archive from its central directory (zip64 included). Throws
 * `InputError` naming `file` for a truncated or corrupt archive.
 */
export function listZipEntries(file: string, data: Uint8Array): ZipEntry[] {
  const { u16, u32, u64 } = reader(data);
  const corrupt = (why: string) =>
    new InputError({ file }, 'a valid zip archive', `a corrupt or truncated archive (${why})`);
  let end = data.length - 22;
  while (end >= 0 && u32(end) !== EOCD) {
    if (data.length - end > 22 + MAX_COMMENT) break;
    end--;
  }
  if (end < 0 || u32(end) !== EOCD) throw corrupt('no end-of-archive record');
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if (u32(end - 20) === EOCD64_LOCATOR) {
    const at = u64(end - 12);
    if (u32(at) !== EOCD64) throw corrupt('a broken zip64 record');
    count = u64(at + 32);
    offset = u64(at + 48);
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (u32(offset) !== CENTRAL) throw corrupt(`directory entry ${i + 1} is damaged`);
    const nameLength = u16(offset + 28);
    const extraLength = u16(offset + 30);
    const name = new TextDecoder().decode(data.subarray(offset + 46, offset + 46 + nameLength));
    let size = u32(offset + 24);
    let compressedSize = u32(offset + 20);
    let headerOffset = u32(offset + 42);
    const extra = offset + 46 + nameLength;
    for (let at = extra; at + 4 <= extra + extraLength; at += 4 + u16(at + 2)) {
      if (u16(at) !== 1) continue;
      let field = at + 4;
      for (const key of ['size', 'compressedSize', 'headerOffset'] as const) {
        const current =
          key === 'size' ? size : key === 'compressedSize' ? compressedSize : headerOffset;
        if (current !== UNSET32) continue;
        const value = u64(field);
        field += 8;
        if (key === 'size') size = value;
        else if (key === 'compressedSize') compressedSize = value;
        else headerOffset = value;
      }
    }
    entries.push({
      name,
      encrypted: (u16(offset + 8) & 1) === 1,
      method: u16(offset + 10),
      compressedSize,
      size,
      headerOffset,
    });
    offset = extra + extraLength + u16(offset + 32);
  }
  return entries;
}

/** The compressed bytes of an entry (after its local header). */
export function entryBytes(file: string, data: Uint8Array, entry: ZipEntry): Uint8Array {
  const { u16, u32 } = reader(data);
  const at = entry.headerOffset;
  if (u32(at) !== LOCAL) {
    throw new InputError(
      { file: `${file}: ${entry.name}` },
      'a valid zip entry',
      'a damaged local header',
    );
  }
  const start = at + 30 + u16(at + 26) + u16(at + 28);
  if (start + entry.compressedSize > data.length) {
    throw new InputError(
      { file: `${file}: ${entry.name}` },
      'a complete zip entry',
      `an entry cut off after ${data.length - start} of ${entry.compressedSize} bytes`,
    );
  }
  return data.subarray(start, start + entry.compressedSize);
}
