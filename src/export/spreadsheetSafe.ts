/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"):
 * `=`, `+`, `-`, `@`, tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** How text cells of an export are written. */
export interface ExportOptions {
  /**
   * Write item text exactly as read. Default false: a text cell starting like a formula gets a
   * leading `'` (OWASP's advice) so that spreadsheets show it as text. Ids are never changed.
   */
  rawText?: boolean;
}

/** A text cell made inert for spreadsheets: `'` before a leading `=`, `+`, `-`, `@`, tab or CR. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The text-cell writer of an export: `neutraliseFormula`, or the identity with `rawText`. */
export function textCellWriter(options: ExportOptions): (value: string) => string {
  return options.rawText ? (value) => value : neutraliseFormula;
}

/** The README of an export: which files it holds and how text cells were written. */
export function exportReadme(title: string, files: string[], options: ExportOptions): string {
  const text = options.rawText
    ? 'Item text is written raw, exactly as read: a cell starting with =, +, -, @, tab or CR may be run as a formula by a spreadsheet.'
    : "Item text cells starting with =, +, -, @, tab or CR have a ' added in front (OWASP CSV-injection advice) so that spreadsheets do not run them as formulas; export with the raw-text option to write them unchanged. Ids are never changed.";
  return `# ${title}\n\nFiles: ${files.join(', ')}.\n\n${text}\n`;
}
