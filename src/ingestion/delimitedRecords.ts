import type { DecodedText } from './decodeText';
import { forEachLine } from './lines';

/** How quoted fields of a delimited file are read. */
export interface RecordSyntax {
  delimiter: string;
  /**
   * Python `csv` (pandas) quoting: text after a closing quote stays part of the field. Otherwise (as
   * papaparse) such a record is malformed.
   */
  lenientQuotes?: boolean;
}

/** Lines a quoted field may span before its opening quote is taken as a stray one. */
const MAX_QUOTED_LINES = 10_000;

/** A record being read: fields so far, the open field, and whether it sits inside quotes. */
interface RecordState {
  fields: string[];
  field: string;
  inQuotes: boolean;
  malformed?: string;
}

/**
 * Reads one line into `state`: fields end at the delimiter; a field that starts with `"` is quoted
 * (`""` inside is one quote) and may continue on the next line. Returns true when the record is
 * complete at the end of this line.
 */
function readLine(line: string, state: RecordState, syntax: RecordSyntax): boolean {
  const { delimiter } = syntax;
  let i = 0;
  let fieldStart = !state.inQuotes && state.field === '';
  while (i <= line.length) {
    if (state.inQuotes) {
      const quote = line.indexOf('"', i);
      if (quote < 0) {
        state.field += `${line.slice(i)}\n`;
        return false;
      }
      state.field += line.slice(i, quote);
      if (line.charCodeAt(quote + 1) === 34) {
        state.field += '"';
        i = quote + 2;
        continue;
      }
      state.inQuotes = false;
      i = quote + 1;
      if (i === line.length) break;
      if (line.startsWith(delimiter, i)) {
        state.fields.push(state.field);
        state.field = '';
        i += delimiter.length;
        fieldStart = true;
        continue;
      }
      if (!syntax.lenientQuotes)
        state.malformed ??= `text after the closing quote of field ${state.fields.length + 1}`;
      fieldStart = false;
      continue;
    }
    if (fieldStart && line.charCodeAt(i) === 34) {
      state.inQuotes = true;
      fieldStart = false;
      i++;
      continue;
    }
    const next = line.indexOf(delimiter, i);
    if (next < 0) {
      state.field += line.slice(i);
      break;
    }
    state.fields.push(state.field + line.slice(i, next));
    state.field = '';
    i = next + delimiter.length;
    fieldStart = true;
  }
  state.fields.push(state.field);
  state.field = '';
  return true;
}

/**
 * Calls `onRecord` with the fields of each record of a delimited file and the 1-based line it starts
 * on, reading the text in chunks. Quoted fields may hold delimiters, quotes (`""`) and line breaks;
 * blank lines are passed over. A record with a quoting problem goes to `onMalformed` instead; a
 * quote that is never closed (within 10,000 lines, or by the end) is reported on its line and the
 * lines after it are read again as records of their own, so one stray quote loses one row.
 */
export function forEachDelimitedRecord(
  file: Pick<DecodedText, 'chunks'>,
  syntax: RecordSyntax,
  onRecord: (fields: string[], line: number) => void,
  onMalformed: (line: number, reason: string) => void,
): void {
  let state: RecordState | undefined;
  let pending: [string, number][] = [];
  const feed = (line: string, lineNo: number): void => {
    if (state === undefined) {
      if (line.trim() === '') return;
      state = { fields: [], field: '', inQuotes: false };
      if (!line.includes('"')) {
        state = undefined;
        onRecord(line.split(syntax.delimiter), lineNo);
        return;
      }
    }
    pending.push([line, lineNo]);
    if (!readLine(line, state, syntax)) {
      if (pending.length >= MAX_QUOTED_LINES) abandon();
      return;
    }
    const done = state;
    const start = pending[0][1];
    state = undefined;
    pending = [];
    if (done.malformed !== undefined) onMalformed(start, done.malformed);
    else onRecord(done.fields, start);
  };
  const abandon = (): void => {
    const [[, start], ...rest] = pending;
    state = undefined;
    pending = [];
    onMalformed(start, 'a quoted field that is never closed');
    for (const [line, lineNo] of rest) feed(line, lineNo);
  };
  forEachLine(file, feed);
  while (state !== undefined) abandon();
}
