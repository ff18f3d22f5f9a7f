import { InputError } from '../dataset/errors';

/**
 * Throws `InputError` when a header names one column twice (empty names aside), naming both
 * 1-based positions: reading either would silently ignore the other.
 */
export function requireDistinctColumns(file: string, names: readonly string[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') return;
    const first = seen.get(name);
    if (first !== undefined) {
      throw new InputError(
        { file, line: 1, column: name },
        'distinct column names in the header',
        `duplicate column "${name}" at positions ${first + 1} and ${i + 1}`,
      );
    }
    seen.set(name, i);
  });
}
