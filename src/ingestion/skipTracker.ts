import type { InputLocation } from '../dataset/errors';
import type { SkipCounts } from '../dataset/types';

/** Counts skipped rows by reason and remembers where each reason was first seen. */
export class SkipTracker {
  readonly counts: SkipCounts = {};
  private readonly first = new Map<string, string>();

  /** Records one skipped row for `reason` at `where`, with a short description of what was found. */
  skip(reason: string, where: InputLocation, found: string): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    if (!this.first.has(reason)) {
      const parts = [
        where.file,
        where.line !== undefined ? `line ${where.line}` : undefined,
        where.column !== undefined ? `column ${where.column}` : undefined,
      ].filter(Boolean);
      this.first.set(reason, `${parts.join(', ')}: ${found}`);
    }
  }

  /** Adds `count` skips for `reason` without a location (e.g. found after parsing). */
  add(reason: string, count: number, example: string): void {
    if (count <= 0) return;
    this.counts[reason] = (this.counts[reason] ?? 0) + count;
    if (!this.first.has(reason)) this.first.set(reason, example);
  }

  /** Total number of skipped rows. */
  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** One warning line per reason: the count and the first occurrence. */
  warnings(): string[] {
    return Object.entries(this.counts).map(
      ([reason, count]) => `skipped ${count} row(s): ${reason} (first: ${this.first.get(reason)})`,
    );
  }
}
