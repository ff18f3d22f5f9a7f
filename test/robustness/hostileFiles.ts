import { Gzip, zipSync } from 'fflate';
import { execFile } from 'node:child_process';
import path from 'node:path';

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
