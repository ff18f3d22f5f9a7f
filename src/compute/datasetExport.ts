import { strToU8, zipSync } from 'fflate';
import type { Dataset } from '../dataset/types';
import { toHllmFiles } from '../export/hllmLayout';

/** A file produced in a worker for the user to download. */
export interface ExportedFile {
  fileName: string;
  bytes: Uint8Array;
}

/** A name safe as a file name: letters, digits, `-`, `_` and `.` only. */
export function safeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe.length > 0 ? safe : 'dataset';
}

/**
 * `dataset` in HLLM's input layout (`dataset/<name>.csv`, `information/<name>.csv`, see
 * `toHllmFiles`) as one zip archive named `<name>-hllm.zip`.
 */
export function hllmLayoutZip(dataset: Dataset): ExportedFile {
  const name = safeFileName(dataset.name);
  const files = toHllmFiles(dataset, name);
  const entries = Object.fromEntries(
    Object.entries(files).map(([path, text]) => [path, strToU8(text)]),
  );
  return { fileName: `${name}-hllm.zip`, bytes: zipSync(entries) };
}
