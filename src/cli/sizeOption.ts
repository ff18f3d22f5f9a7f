import { UsageError } from './commandExit';

const UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/**
 * A size given on the command line in bytes, or with a binary unit (`500M`, `2G`, `1.5GiB`,
 * `64KB`: K, M, G and T are powers of 1024); a usage error naming `flag` otherwise.
 */
export function parseSize(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * UNITS[match[2].toUpperCase()] : NaN;
  if (!Number.isFinite(bytes) || bytes < 1)
    throw new UsageError(
      `--${flag}: expected a size such as 500M or 2G (K, M, G, T are powers of 1024), got "${text}"`,
    );
  return Math.floor(bytes);
}
