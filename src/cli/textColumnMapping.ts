import { guessMapping, type ColumnMapping } from '../ingestion/columnGuess';
import { decodeText } from '../ingestion/decodeText';
import { expandFile } from '../ingestion/decompress';
import { detectFormat } from '../ingestion/detectFormat';
import { previewDelimited, type DelimitedLayout } from '../ingestion/formats/delimited';
import { previewJsonKeys } from '../ingestion/formats/jsonLines';
import type { InteractionFormat } from '../ingestion/formatNames';
import type { InputFile } from '../ingestion/inputFile';

/**
 * The column mapping that carries `text` columns of a generic CSV or JSON-lines interaction file
 * into the items' text: `given` (from `--columns`) with `text` added, or else the user, item and
 * time columns guessed from the file's first rows (as ingestion guesses them) with `text`.
 * Undefined when the file is not generic CSV/JSON lines (its format then decides its text) or no
 * user and item columns can be guessed (ingestion then says so).
 */
export function textColumnMapping(
  file: InputFile,
  text: string[],
  format: InteractionFormat | undefined,
  layout: Partial<DelimitedLayout>,
  given: ColumnMapping | undefined,
): ColumnMapping | undefined {
  if (given !== undefined) return { ...given, text };
  const [entry] = expandFile(file);
  const head = decodeText(entry, { headOnly: true });
  const role = detectFormat(head.name, head.head);
  const generic = format ?? (role.role === 'interactions' ? role.format : undefined);
  let guess: Partial<ColumnMapping> | undefined;
  if (generic === 'csv') {
    guess = previewDelimited(head, layout.delimiter, layout.hasHeader).mapping;
  } else if (generic === 'jsonl') {
    const { keys, rows } = previewJsonKeys(head);
    const cells = rows.map((r) =>
      keys.map((k) => (typeof r[k] === 'object' ? '' : String(r[k] ?? ''))),
    );
    guess = guessMapping(keys, cells, true);
  }
  if (guess?.user === undefined || guess.item === undefined) return undefined;
  return { user: guess.user, item: guess.item, time: guess.time, text };
}
