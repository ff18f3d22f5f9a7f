import { InputError } from '../dataset/errors';
import type { Dataset, IngestResult } from '../dataset/types';
import { buildDataset } from './buildDataset';
import type { ColumnMapping } from './columnGuess';
import { decodeText, type DecodedText } from './decodeText';
import { expandFile } from './decompress';
import { detectFormat } from './detectFormat';
import type { FileRole, InteractionFormat, ItemFormat } from './formatNames';
import { AMAZON_REVIEW_MAPPING, parseAmazonMeta, parseAmazonRatings } from './formats/amazon';
import {
  defaultTextColumns,
  parseDelimitedInteractions,
  parseDelimitedItemText,
  previewDelimited,
  type DelimitedLayout,
} from './formats/delimited';
import { parseJsonItemText } from './formats/jsonItems';
import { fieldString, parseJsonInteractions, previewJsonKeys } from './formats/jsonLines';
import { parseMovieLensItems, parseMovieLensRatings } from './formats/movielens';
import { parseIndexMap, parseRecboleInter, parseRecboleItems } from './formats/recbole';
import { parseSequenceLines } from './formats/sequenceLines';
import { reassembleUnisrec } from './formats/unisrecSplit';
import { baseName, type InputFile } from './inputFile';
import { createInputBudget, type InputBudget } from './inputBudget';
import { InteractionLog } from './interactionLog';
import { jsonShapeProblem } from './jsonShape';
import type { ItemTextTable } from './itemTextTable';
import { mergeItemText, selectFields } from './mergeItemText';
import { SkipTracker } from './skipTracker';
import { plausibleTime } from './parseTime';
import { guessMapping } from './columnGuess';

/** Files to ingest: interaction sources, and optionally item-text sources (any combination). */
export interface IngestInput {
  /** Interaction files (zip archives and `.gz` files are expanded; item files found inside are used as items). */
  interactions: InputFile[];
  /** Item-text files, plus `.item2index`/`.user2index` maps. */
  items?: InputFile[];
}

/** Choices that override detection. */
export interface IngestOptions {
  /** Dataset name (default: derived from the first interaction file). */
  name?: string;
  format?: InteractionFormat;
  itemFormat?: ItemFormat;
  /** Delimiter and/or header of generic CSV interaction files (each detected when absent). */
  layout?: Partial<DelimitedLayout>;
  /** Columns (or JSON keys) of generic CSV/JSON-lines interaction files (default: guessed, with a warning). */
  mapping?: ColumnMapping;
  /** Delimiter and/or header of CSV/HLLM item-text files (each detected when absent). */
  itemLayout?: Partial<DelimitedLayout>;
  /** Item id column of generic item files (default: `item_id` or a guessed id column). */
  itemColumn?: string;
  /** Item text fields to keep, in order (default: the text-like fields present). */
  textFields?: string[];
  /**
   * The most text (bytes after decompression, all files together) to read, and how the user raises
   * it; default `DEFAULT_INPUT_LIMIT`.
   */
  inputLimit?: InputLimit;
}

/** How far an ingestion has read: the file being parsed, its bytes so far and in all when known. */
export interface IngestProgress {
  file: string;
  bytesRead: number;
  bytesTotal?: number;
}

/** A size limit on an ingestion's input and the advice on raising it. */
export interface InputLimit {
  bytes: number;
  raise: string;
}

/** The size limit when the caller gives none: 1 GiB of text. */
const DEFAULT_INPUT_LIMIT: InputLimit = {
  bytes: 2 ** 30,
  raise: 'give a larger input limit',
};

/** A decoded file with its detected role. */
interface Classified {
  file: DecodedText;
  role: FileRole;
}

const LATIN1_FORMATS = [
  'movielens-100k',
  'movielens-1m',
  'movielens-100k-items',
  'movielens-1m-items',
];

/**
 * Detects the role of a file from its name and start, then decodes it (Latin-1 for MovieLens, else
 * UTF-8 with fallback), counting its bytes against the ingestion's size limit.
 */
function classify(
  file: InputFile,
  budget: InputBudget | undefined,
  warnings: string[],
  onProgress: ((progress: IngestProgress) => void) | undefined,
): Classified {
  const probe = decodeText(file, { headOnly: true });
  if (probe.head.trim() === '' && isEmpty(probe))
    throw new InputError({ file: file.name }, 'a non-empty file', 'an empty file');
  const shape = jsonShapeProblem(probe.head);
  if (shape !== undefined) {
    throw new InputError(
      { file: file.name, line: 1 },
      'JSON lines (one object per line); convert it, e.g. `jq -c ".[]" in.json > out.jsonl` for an array',
      shape,
    );
  }
  const role = detectFormat(file.name, probe.head);
  const latin1 = 'format' in role && LATIN1_FORMATS.includes(role.format);
  const onRead = onProgress
    ? (bytesRead: number, bytesTotal: number | undefined) =>
        onProgress({ file: file.name, bytesRead, bytesTotal })
    : undefined;
  const decoded = role.role === 'ignored' ? probe : decodeText(file, { latin1, budget, onRead });
  if (decoded.warning) warnings.push(decoded.warning);
  return { file: decoded, role };
}

/** True when a file holds only white space. */
function isEmpty(file: DecodedText): boolean {
  for (const chunk of file.chunks()) if (chunk.trim() !== '') return false;
  return true;
}

/** Item format to use for a file given as an item source whose content looks like interactions. */
function asItemFormat(role: FileRole, file: string): ItemFormat {
  if (role.role === 'items') return role.format;
  if (role.role === 'interactions' && (role.format === 'csv' || role.format === 'hllm'))
    return 'csv-items';
  if (role.role === 'interactions' && role.format === 'jsonl') return 'jsonl-items';
  throw new InputError(
    { file },
    'an item-text file',
    `a ${role.role === 'interactions' ? role.format : role.role} file`,
  );
}

/** Name of the dataset from its first interaction file. */
function datasetName(format: InteractionFormat, file: string): string {
  if (format === 'movielens-100k' || format === 'movielens-1m') return format;
  return baseName(file)
    .replace(/\.gz$/i, '')
    .replace(/\.(train|valid|test)\.inter$/i, '')
    .replace(/\.(csv|tsv|txt|jsonl|json|inter|dat|data)$/i, '');
}

/** Reads interaction files of one format into the log; returns whether rows carry timestamps. */
function readInteractions(
  format: InteractionFormat,
  files: DecodedText[],
  options: IngestOptions,
  maps: { users?: Map<string, string>; items?: Map<string, string> },
  log: InteractionLog,
  skips: SkipTracker,
  tables: ItemTextTable[],
  warnings: string[],
  textFromInteractions: boolean,
): boolean {
  if (format === 'unisrec') {
    reassembleUnisrec(files, log, skips, maps);
    return false;
  }
  let timed = true;
  for (const file of files) {
    switch (format) {
      case 'hllm':
        parseDelimitedInteractions(
          file,
          { delimiter: ',', hasHeader: true },
          { user: 'user_id', item: 'item_id', time: 'timestamp' },
          log,
          skips,
        );
        break;
      case 'amazon-2014':
      case 'amazon-2018':
        parseJsonInteractions(file, AMAZON_REVIEW_MAPPING, log, skips);
        break;
      case 'amazon-ratings':
        warnings.push(...parseAmazonRatings(file, log, skips));
        break;
      case 'movielens-100k':
        parseMovieLensRatings(file, '\t', log, skips);
        break;
      case 'movielens-1m':
        parseMovieLensRatings(file, '::', log, skips);
        break;
      case 'recbole':
        timed = parseRecboleInter(file, log, skips, maps) && timed;
        break;
      case 'sequence-lines':
        parseSequenceLines(file, log, skips);
        timed = false;
        break;
      case 'csv': {
        const preview = previewDelimited(
          file,
          options.layout?.delimiter,
          options.layout?.hasHeader,
        );
        const layout = { delimiter: preview.delimiter, hasHeader: preview.hasHeader };
        const mapping = interactionMapping(
          preview.mapping,
          preview.columns,
          file.name,
          options,
          textFromInteractions,
          warnings,
        );
        const table = parseDelimitedInteractions(file, layout, mapping, log, skips);
        if (table) tables.push(table);
        timed = mapping.time !== undefined && timed;
        break;
      }
      case 'jsonl': {
        const { keys, rows } = previewJsonKeys(file);
        const cells = rows.map((r) =>
          keys.map((k) => (Object.hasOwn(r, k) ? fieldString(r[k]) : '')),
        );
        const mapping = interactionMapping(
          guessMapping(keys, cells, true),
          keys,
          file.name,
          options,
          textFromInteractions,
          warnings,
        );
        const table = parseJsonInteractions(file, mapping, log, skips);
        if (table) tables.push(table);
        timed = mapping.time !== undefined && timed;
        break;
      }
    }
  }
  return timed;
}

/**
 * The text columns of a generic interaction file: `options.textFields` when given (each must be a
 * column of the file), else the guessed ones; none when item-text files are given, which then hold
 * the text (so that the two never compete for the same items).
 */
function interactionText(
  guessed: string[],
  columns: string[],
  file: string,
  options: IngestOptions,
  textFromInteractions: boolean,
): string[] {
  if (!textFromInteractions) return [];
  if (options.textFields === undefined) return guessed;
  const missing = options.textFields.find((f) => !columns.includes(f));
  if (missing !== undefined) {
    throw new InputError(
      { file, line: 1, column: missing },
      `a text field among the columns ${columns.join(', ')}`,
      `"${missing}"`,
    );
  }
  return options.textFields;
}

/**
 * The column mapping of a generic interaction file: `options.mapping` when given, else the guess
 * made complete (an error when no user or item column was found) with a warning naming every
 * guessed column. Item text columns come from the mapping, else from `interactionText`.
 */
function interactionMapping(
  guess: Partial<ColumnMapping>,
  columns: string[],
  file: string,
  options: IngestOptions,
  textFromInteractions: boolean,
  warnings: string[],
): ColumnMapping {
  if (options.mapping) {
    if (options.mapping.text !== undefined || options.textFields === undefined)
      return options.mapping;
    const text = interactionText([], columns, file, options, textFromInteractions);
    return text.length > 0 ? { ...options.mapping, text } : options.mapping;
  }
  if (!guess.user || !guess.item) {
    throw new InputError(
      { file, line: 1 },
      'user and item columns (give a column mapping)',
      'too few columns',
    );
  }
  const text = interactionText(guess.text ?? [], columns, file, options, textFromInteractions);
  warnings.push(
    `${file}: guessed columns user=${guess.user}, item=${guess.item}, time=${guess.time ?? '(none: file order)'}, ` +
      `item text=${text.length > 0 ? text.join(', ') : '(none)'}`,
  );
  const mapping: ColumnMapping = { user: guess.user, item: guess.item, time: guess.time };
  if (text.length > 0) mapping.text = text;
  return mapping;
}

/** Reads one item-text file. */
function readItems(
  format: ItemFormat,
  file: DecodedText,
  options: IngestOptions,
  itemMap: Map<string, string> | undefined,
  skips: SkipTracker,
): ItemTextTable {
  switch (format) {
    case 'amazon-meta':
      return pick(parseAmazonMeta(file, skips), options, file.name);
    case 'movielens-100k-items':
      return pick(parseMovieLensItems(file, '100k', skips), options, file.name);
    case 'movielens-1m-items':
      return pick(parseMovieLensItems(file, '1m', skips), options, file.name);
    case 'recbole-items':
      return parseRecboleItems(file, skips, options.textFields, itemMap, options.itemColumn);
    case 'jsonl-items':
      return parseJsonItemText(file, skips, options.itemColumn, options.textFields);
    case 'hllm-items':
    case 'csv-items': {
      const preview = previewDelimited(
        file,
        options.itemLayout?.delimiter,
        options.itemLayout?.hasHeader,
      );
      const layout = { delimiter: preview.delimiter, hasHeader: preview.hasHeader };
      const itemColumn =
        options.itemColumn ??
        (preview.columns.includes('item_id')
          ? 'item_id'
          : (preview.mapping.item ?? preview.columns[0]));
      const fields = options.textFields ?? defaultTextColumns(file, layout, itemColumn);
      return parseDelimitedItemText(file, layout, itemColumn, fields, skips);
    }
  }
}

/**
 * A warning counting timestamps outside 1970-01-01…2100-01-01 (as seconds or milliseconds), with
 * the first one's file, line and value; undefined when all are plausible (see `plausibleTime`).
 */
function implausibleTimes(log: InteractionLog): string | undefined {
  let count = 0;
  let first = -1;
  for (let row = 0; row < log.length; row++) {
    if (plausibleTime(log.times[row])) continue;
    if (count++ === 0) first = row;
  }
  if (count === 0) return undefined;
  return (
    `${count} timestamp(s) outside 1970-01-01…2100-01-01 (read as seconds or milliseconds); ` +
    `rows are kept in that order (first: ${log.fileOf(first)}, line ${log.lines[first]}: ${log.times[first]})`
  );
}

/**
 * Warnings about items without text; an error when item text was read but none of its ids is an
 * item id of the interactions (e.g. a UniSRec `.text` keyed by ASIN against split files keyed by
 * index without their `.item2index` map), which would otherwise leave every item silently textless.
 */
function textCoverage(
  dataset: Dataset,
  text: ItemTextTable,
  sources: string[],
  format: InteractionFormat,
  mapped: boolean,
): string[] {
  const without = dataset.itemText.filter((t) => Object.keys(t).length === 0).length;
  if (without === 0) return [];
  const items = dataset.itemIds.length;
  const withText = items - without;
  if (withText === 0 && text.byId.size > 0) {
    const [textId] = text.byId.keys();
    const hint =
      (format === 'unisrec' || format === 'recbole') && !mapped
        ? '; the interactions hold indices: give the .item2index map beside them'
        : '; check that the item file and the interactions use the same ids';
    throw new InputError(
      { file: sources.join(', ') },
      'item-text ids that are item ids of the interactions',
      `none of ${text.byId.size} text ids matches any of ${items} item ids (text id "${textId}", item id "${dataset.itemIds[0]}")${hint}`,
    );
  }
  return [
    `${without} of ${items} items have no text (${withText} have text; ${text.byId.size - withText} text id(s) match no item)`,
  ];
}

/** Applies the `textFields` choice to a fixed-format table. */
function pick(table: ItemTextTable, options: IngestOptions, source: string): ItemTextTable {
  return options.textFields ? selectFields(table, options.textFields, source) : table;
}

/**
 * Ingests interaction files and optional item-text files of any supported format into a `Dataset`:
 * formats are detected unless given, `.gz`/`.zip` are expanded, rows that cannot be used are counted
 * by reason, and problems with the files themselves throw `InputError`. With an explicit `format`,
 * interaction-list files that look like item text are read as interactions when nothing else is.
 * `onProgress` hears how far each file's parsing pass has read.
 */
export function ingest(
  input: IngestInput,
  options: IngestOptions = {},
  onProgress?: (progress: IngestProgress) => void,
): IngestResult {
  const warnings: string[] = [];
  const skips = new SkipTracker();
  const limit = options.inputLimit ?? DEFAULT_INPUT_LIMIT;
  const budget = createInputBudget(limit.bytes, limit.raise);
  if (input.interactions.length === 0)
    throw new InputError({ file: '(none)' }, 'an interaction file', 'no files');
  const interactionFiles: Classified[] = [];
  const itemFiles: { file: DecodedText; format: ItemFormat }[] = [];
  const mapFiles: Classified[] = [];
  const listedAsInteractions: Classified[] = [];
  const ignored: string[] = [];
  const ignore = (file: string, reason: string): void => {
    ignored.push(`${file} (${reason})`);
    warnings.push(`${file}: ignored (${reason})`);
  };
  for (const raw of input.interactions.flatMap(expandFile)) {
    const c = classify(raw, budget, warnings, onProgress);
    if (c.role.role === 'interactions') interactionFiles.push(c);
    else if (c.role.role === 'items') {
      itemFiles.push({ file: c.file, format: c.role.format });
      listedAsInteractions.push(c);
    } else if (c.role.role === 'ignored') ignore(c.file.name, c.role.reason);
    else mapFiles.push(c);
  }
  for (const raw of (input.items ?? []).flatMap(expandFile)) {
    const c = classify(raw, budget, warnings, onProgress);
    if (c.role.role === 'user-map' || c.role.role === 'item-map') mapFiles.push(c);
    else if (c.role.role === 'ignored') ignore(c.file.name, c.role.reason);
    else
      itemFiles.push({
        file: c.file,
        format: options.itemFormat ?? asItemFormat(c.role, c.file.name),
      });
  }
  if (interactionFiles.length === 0 && options.format) {
    for (const c of listedAsInteractions) {
      interactionFiles.push(c);
      itemFiles.splice(
        itemFiles.findIndex((f) => f.file === c.file),
        1,
      );
    }
  }
  if (interactionFiles.length === 0) {
    const names = [...input.interactions, ...(input.items ?? [])].map((f) => f.name).join(', ');
    const found =
      itemFiles.length + mapFiles.length > 0
        ? 'only item-text or map files'
        : `only files that are not used: ${ignored.join('; ')}`;
    throw new InputError({ file: names }, 'an interaction file among the inputs', found);
  }
  const formats = new Set(
    interactionFiles.map((c) => (c.role.role === 'interactions' ? c.role.format : '')),
  );
  if (!options.format && formats.size > 1) {
    throw new InputError(
      { file: interactionFiles.map((c) => c.file.name).join(', ') },
      'interaction files of one format',
      [...formats].join(' and '),
    );
  }
  const format = options.format ?? ([...formats][0] as InteractionFormat);
  const userMapFile = mapFiles.find((c) => c.role.role === 'user-map');
  const itemMapFile = mapFiles.find((c) => c.role.role === 'item-map');
  const maps = {
    users: userMapFile ? parseIndexMap(userMapFile.file) : undefined,
    items: itemMapFile ? parseIndexMap(itemMapFile.file) : undefined,
  };
  const log = new InteractionLog();
  const tables: ItemTextTable[] = [];
  const files = interactionFiles.map((c) => c.file);
  const timed = readInteractions(
    format,
    files,
    options,
    maps,
    log,
    skips,
    tables,
    warnings,
    itemFiles.length === 0,
  );
  for (const { file, format: itemFormat } of itemFiles) {
    tables.push(readItems(itemFormat, file, options, maps.items, skips));
  }
  if (timed) {
    const report = implausibleTimes(log);
    if (report) warnings.push(report);
  }
  const text = mergeItemText(tables, skips);
  const dataset = buildDataset(log, skips, {
    name: options.name ?? datasetName(format, files[0].name),
    hasTimestamps: timed,
    text,
    sourceName: files.map((f) => f.name).join(', '),
  });
  if (text) {
    const sources =
      itemFiles.length > 0 ? itemFiles.map((f) => f.file.name) : files.map((f) => f.name);
    warnings.push(...textCoverage(dataset, text, sources, format, maps.items !== undefined));
  }
  return { dataset, format, skipped: skips.counts, warnings: [...warnings, ...skips.warnings()] };
}
