import type { ColumnMapping } from '../ingestion/columnGuess';
import type { DelimitedLayout } from '../ingestion/formats/delimited';
import {
  INTERACTION_FORMATS,
  ITEM_FORMATS,
  type InteractionFormat,
  type ItemFormat,
} from '../ingestion/formatNames';
import type { IngestOptions } from '../ingestion/ingest';
import type { FilePreview } from '../ingestion/previewFile';
import { isNumeric } from '../ingestion/parseTime';

/** The previews of one picked file: one entry for a plain file, one per entry of a zip. */
export interface FilePreviewGroup {
  /** Name of the picked file. */
  file: string;
  entries: FilePreview[];
}

/** What the user chose for one previewed entry ('' means none chosen). */
export interface EntryChoice {
  /** Format to read the entry as; '' for map and ignored files. */
  format: InteractionFormat | ItemFormat | '';
  /** Delimiter and header of a delimited entry (detected, or as the user changed them); null for other entries. */
  layout: DelimitedLayout | null;
  /** User, item and time columns of a generic CSV/TSV/JSON-lines interaction file. */
  user: string;
  item: string;
  time: string;
  /** Item-text columns of a generic interaction file. */
  text: string[];
  /** Item id column of a generic or HLLM item-text file. */
  itemColumn: string;
  /** Text columns of a generic or HLLM item-text file, in order. */
  textFields: string[];
}

/** How to ingest the picked files: which go in as item sources, and the options for `ingest`. */
export interface IngestRequest {
  /** Names of picked files passed as item-text sources; the others are interaction sources. */
  itemFiles: string[];
  options: IngestOptions;
}

/** The request built from the choices, or why it cannot be built yet. */
export type ChoicesOutcome =
  { ok: true; request: IngestRequest } | { ok: false; problems: string[] };

const GENERIC_INTERACTIONS: readonly string[] = ['csv', 'jsonl'];
const COLUMN_ITEMS: readonly string[] = ['csv-items', 'hllm-items', 'jsonl-items', 'recbole-items'];
const LAYOUT_FORMATS: readonly string[] = ['csv', 'csv-items', 'hllm-items'];

/** True when `format` is an interaction format. */
export function isInteractionFormat(format: string): format is InteractionFormat {
  return (INTERACTION_FORMATS as readonly string[]).includes(format);
}

/** True when `format` is an item-text format. */
export function isItemFormat(format: string): format is ItemFormat {
  return (ITEM_FORMATS as readonly string[]).includes(format);
}

/** True when a file of `format` needs user/item/time columns chosen. */
export function mapsInteractionColumns(format: string): boolean {
  return GENERIC_INTERACTIONS.includes(format);
}

/** True when a file of `format` needs its item id and text columns chosen. */
export function mapsItemColumns(format: string): boolean {
  return COLUMN_ITEMS.includes(format);
}

/** True when files of `format` are read with a chosen delimiter and header (others have a fixed layout). */
export function readsLayout(format: string): boolean {
  return LAYOUT_FORMATS.includes(format);
}

/** Column names (or JSON keys) and first rows of a previewed entry; empty when it has no table. */
export function previewTable(preview: FilePreview): { columns: string[]; rows: string[][] } {
  if (preview.delimited)
    return { columns: preview.delimited.columns, rows: preview.delimited.rows };
  if (preview.jsonLines) return { columns: preview.jsonLines.keys, rows: preview.jsonLines.rows };
  return { columns: [], rows: [] };
}

/** The choice preselected for an entry: its detected format and the guessed columns. */
export function initialChoice(preview: FilePreview): EntryChoice {
  const { columns, rows } = previewTable(preview);
  const guess = preview.delimited?.mapping ?? preview.jsonLines?.mapping ?? {};
  const itemColumn = columns.includes('item_id') ? 'item_id' : (guess.item ?? columns[0] ?? '');
  const textFields = columns.filter(
    (c, i) => c !== itemColumn && rows.some((r) => (r[i] ?? '').trim() !== '' && !isNumeric(r[i])),
  );
  return {
    format: 'format' in preview.role ? preview.role.format : '',
    layout: preview.delimited
      ? { delimiter: preview.delimited.delimiter, hasHeader: preview.delimited.hasHeader }
      : null,
    user: guess.user ?? '',
    item: guess.item ?? '',
    time: guess.time ?? '',
    text: guess.text ?? [],
    itemColumn,
    textFields,
  };
}

/** An entry with its picked file and choice. */
interface Chosen {
  file: string;
  preview: FilePreview;
  choice: EntryChoice;
}

/** The column mapping of a generic interaction entry, or the problems that keep it incomplete. */
function interactionMapping({ preview, choice }: Chosen, problems: string[]): ColumnMapping {
  if (choice.user === '') problems.push(`${preview.name}: choose the user column.`);
  if (choice.item === '') problems.push(`${preview.name}: choose the item column.`);
  if (choice.user !== '' && choice.user === choice.item)
    problems.push(`${preview.name}: the user and item columns must differ.`);
  if (choice.text.some((c) => c === choice.user || c === choice.item))
    problems.push(`${preview.name}: the user and item columns cannot also be item-text columns.`);
  const mapping: ColumnMapping = { user: choice.user, item: choice.item };
  if (choice.time !== '') mapping.time = choice.time;
  if (choice.text.length > 0) mapping.text = choice.text;
  return mapping;
}

/**
 * The one layout `ingest` reads the entries of one kind with: that of the first entry read with a
 * layout, adding a problem when the entries differ; undefined when none is.
 */
function sharedLayout(
  entries: Chosen[],
  kind: 'interaction' | 'item',
  problems: string[],
): DelimitedLayout | undefined {
  const layouts = entries
    .filter((e) => readsLayout(e.choice.format))
    .flatMap((e) => (e.choice.layout ? [e.choice.layout] : []));
  if (new Set(layouts.map((l) => JSON.stringify([l.delimiter, l.hasHeader]))).size > 1)
    problems.push(
      `All ${kind} files are read with one layout: choose the same delimiter and header.`,
    );
  return layouts[0];
}

/** Options for the interaction entries, adding problems to `problems`. */
function interactionOptions(entries: Chosen[], problems: string[]): IngestOptions {
  const formats = [...new Set(entries.map((e) => e.choice.format))];
  if (entries.length === 0) {
    problems.push('No file is read as interactions: choose an interaction format for one.');
    return {};
  }
  if (formats.length > 1) {
    problems.push(`Interaction files must share one format (chosen: ${formats.join(', ')}).`);
    return {};
  }
  const options: IngestOptions = { format: formats[0] as InteractionFormat };
  const mapped = entries.filter((e) => previewTable(e.preview).columns.length > 0);
  if (!mapsInteractionColumns(formats[0]) || mapped.length === 0) return options;
  const mappings = mapped.map((e) => interactionMapping(e, problems));
  if (new Set(mappings.map((m) => JSON.stringify(m))).size > 1)
    problems.push(
      'All interaction files are read with one column mapping: choose the same columns.',
    );
  options.mapping = mappings[0];
  const layout = sharedLayout(mapped, 'interaction', problems);
  if (layout) options.layout = layout;
  return options;
}

/** Options for the item-text entries, adding problems to `problems`. */
function itemOptions(entries: Chosen[], problems: string[]): IngestOptions {
  const options: IngestOptions = {};
  const overridden = entries.filter(
    (e) => !('format' in e.preview.role) || e.preview.role.format !== e.choice.format,
  );
  const overrides = [...new Set(overridden.map((e) => e.choice.format))];
  const formats = new Set(entries.map((e) => e.choice.format));
  if (overrides.length > 0 && formats.size > 1)
    problems.push(
      `Item files must share one format when one is read as another (chosen: ${[...formats].join(', ')}).`,
    );
  if (overrides.length > 0) options.itemFormat = overrides[0] as ItemFormat;
  const mapped = entries.filter(
    (e) => mapsItemColumns(e.choice.format) && previewTable(e.preview).columns.length > 0,
  );
  for (const { preview, choice } of mapped) {
    if (choice.itemColumn === '') problems.push(`${preview.name}: choose the item id column.`);
    if (choice.textFields.length === 0)
      problems.push(`${preview.name}: choose at least one text column.`);
    if (choice.textFields.includes(choice.itemColumn))
      problems.push(`${preview.name}: the item id column cannot also be a text column.`);
  }
  if (mapped.length > 0) {
    options.itemColumn = mapped[0].choice.itemColumn;
    options.textFields = mapped[0].choice.textFields;
    const layout = sharedLayout(mapped, 'item', problems);
    if (layout) options.itemLayout = layout;
  }
  return options;
}

/**
 * Builds the ingest request from the per-entry choices (`choices` follows the entries of `groups` in
 * order), or lists what is missing: an interaction source, one interaction format, user and item
 * columns of generic files, item id and text columns of item files.
 */
export function buildIngestRequest(
  groups: FilePreviewGroup[],
  choices: EntryChoice[],
): ChoicesOutcome {
  const chosen: Chosen[] = groups
    .flatMap((g) => g.entries.map((preview) => ({ file: g.file, preview })))
    .map((e, i) => ({ ...e, choice: choices[i] }));
  const itemFiles = groups
    .map((g) => g.file)
    .filter((file) =>
      chosen.filter((c) => c.file === file).every((c) => isItemFormat(c.choice.format)),
    );
  const problems: string[] = [];
  const interactions = chosen.filter((c) => isInteractionFormat(c.choice.format));
  const items = chosen.filter((c) => isItemFormat(c.choice.format));
  const options = {
    ...interactionOptions(interactions, problems),
    ...itemOptions(items, problems),
  };
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, request: { itemFiles, options } };
}
