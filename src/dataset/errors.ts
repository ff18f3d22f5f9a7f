/** Where in an input file a problem was found; fields are omitted when unknown. */
export interface InputLocation {
  file: string;
  /** 1-based line (or record) number. */
  line?: number;
  /** Column name or 1-based column number. */
  column?: string | number;
}

/**
 * A problem with user-supplied data: names the file, line and column, and what was expected.
 * Thrown by ingestion and preprocessing; the UI and CLI show `message` as it is.
 */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly expected: string;

  constructor(location: InputLocation, expected: string, found?: string) {
    const where = [
      location.file,
      location.line !== undefined ? `line ${location.line}` : undefined,
      location.column !== undefined ? `column ${location.column}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`${where}: expected ${expected}${found !== undefined ? `, found ${found}` : ''}`);
    this.name = 'InputError';
    this.location = location;
    this.expected = expected;
  }
}
