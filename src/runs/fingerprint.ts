import type { EvalCase, Split } from '../dataset/types';

/** Two 32-bit FNV-1a lanes with different offsets, fed 32-bit words. */
class WordHasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  word(value: number): void {
    for (let shift = 0; shift < 32; shift += 8) {
      const byte = (value >>> shift) & 0xff;
      this.a = Math.imul(this.a ^ byte, 0x01000193) >>> 0;
      this.b = Math.imul(this.b ^ byte, 0x01000193) >>> 0;
      this.b = (this.b ^ (this.b >>> 13)) >>> 0;
    }
  }

  words(values: ArrayLike<number>): void {
    this.word(values.length);
    for (let i = 0; i < values.length; i++) this.word(values[i]);
  }

  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

function hashCases(hasher: WordHasher, cases: readonly EvalCase[]): void {
  hasher.word(cases.length);
  for (const c of cases) {
    hasher.word(c.user);
    hasher.word(c.target);
    hasher.words(c.history);
  }
}

/**
 * A stable 64-bit hash (16 hex digits) of a split's content: sizes, training sequences,
 * validation and test cases and cold items. Equal splits give equal fingerprints on every platform.
 */
export function splitFingerprint(split: Split): string {
  const hasher = new WordHasher();
  hasher.word(split.numUsers);
  hasher.word(split.numItems);
  hasher.word(split.train.length);
  for (const seq of split.train) hasher.words(seq);
  hashCases(hasher, split.valid);
  hashCases(hasher, split.test);
  hasher.words(split.coldItems);
  return hasher.hex();
}
