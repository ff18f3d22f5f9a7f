import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IngestResult } from '../dataset/types';
import { toHllmFiles } from '../export/hllmLayout';
import { toRecboleFiles } from '../export/recboleAtomic';
import type { ColumnMapping } from '../ingestion/columnGuess';
import {
  INTERACTION_FORMATS,
  ITEM_FORMATS,
  type InteractionFormat,
  type ItemFormat,
} from '../ingestion/formatNames';
import { ingest, type IngestOptions } from '../ingestion/ingest';
import { runWithExitCodes, UsageError } from './commandExit';
import { NODE_IO, type CommandIo } from './commandIo';
import { cliInputLimit } from './fileSource';
import { readInputFile, withCompanions } from './nodeFiles';
import { parseFlags, progressChoice, PROGRESS_FLAGS, type FlagValues } from './parseFlags';
import { requireFile, requireOutputFolder } from './pathChecks';
import { commandProgressLog, type ProgressLog } from './progressLog';
import { parseSize } from './sizeOption';
import { textColumnMapping } from './textColumnMapping';

const INPUT_USAGE = `  --interactions FILE      interaction file (repeatable); its companions on disk are found
  --items FILE             item-text or map file (repeatable; default: the companions found)
  --format NAME            interaction format (default: detected): ${INTERACTION_FORMATS.join(', ')}
  --item-format NAME       item format (default: detected): ${ITEM_FORMATS.join(', ')}
  --name NAME              dataset name (default: from the first interaction file)
  --columns user=U,item=I[,time=T][,text=A|B]
                           columns (or JSON keys) of a generic CSV/JSON-lines interaction file
  --text-fields A,B        item text fields to keep; for a generic CSV/JSON-lines interaction
                           file, its columns copied into the items' text
  --item-id-column NAME    item id column of a generic item file
  --delimiter CHAR         delimiter of a generic CSV (\\t for a tab)
  --header yes|no          whether a generic CSV has a header (headerless columns are column1, …)
  --max-input-size SIZE    most text to read, all files together after decompression, e.g. 500M
                           or 4G (default: half of Node's heap limit)
  --progress, --no-progress
                           progress lines with an ETA on stderr (default: only on a terminal)
  -h, --help               this help
`;

const STATS_USAGE = `usage: data stats --interactions FILE [--items FILE] [options]
  Reads the files and prints one JSON summary (users, items, interactions, text fields, skipped
  rows by reason, warnings).
${INPUT_USAGE}`;

const CONVERT_USAGE = `usage: data convert --interactions FILE [--items FILE] --to hllm|recbole --out DIR [options]
  Reads the files and writes them in HLLM's layout or as RecBole atomic files under DIR (made
  when missing), then prints the JSON summary with the files written.
  --to hllm|recbole        layout to write
  --out DIR                output folder
  --raw-text               write item text exactly as read (default: a text cell starting like a
                           spreadsheet formula, = + - @, gets a leading ' as OWASP advises)
${INPUT_USAGE}`;

const DATA_USAGE = `usage: data stats|convert [options]   (data <subcommand> --help for its options)
  stats     summarise interaction and item files as JSON
  convert   write them in HLLM's layout or as RecBole atomic files
exit codes: 0 ok, 1 bad input data, 2 bad command line or path
`;

const INPUT_FLAGS = {
  interactions: { type: 'string', multiple: true },
  items: { type: 'string', multiple: true },
  format: { type: 'string' },
  'item-format': { type: 'string' },
  name: { type: 'string' },
  'text-fields': { type: 'string' },
  columns: { type: 'string' },
  'item-id-column': { type: 'string' },
  delimiter: { type: 'string' },
  header: { type: 'string' },
  'max-input-size': { type: 'string' },
  ...PROGRESS_FLAGS,
} as const;

const CONVERT_FLAGS = {
  ...INPUT_FLAGS,
  to: { type: 'string' },
  out: { type: 'string' },
  'raw-text': { type: 'boolean' },
} as const;

type InputValues = FlagValues<typeof INPUT_FLAGS>;

/** A comma-separated list of names, each trimmed (empty entries are an error). */
function nameList(flag: string, spec: string, separator: string): string[] {
  const names = spec.split(separator).map((n) => n.trim());
  if (names.some((n) => n === ''))
    throw new UsageError(
      `--${flag}: empty name in "${spec}"; expected names separated by "${separator}"`,
    );
  return names;
}

/** Parses `user=U,item=I[,time=T][,text=A|B]`. */
function parseColumns(spec: string): ColumnMapping {
  const parts = new Map<string, string>();
  for (const part of spec.split(',')) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    if (!['user', 'item', 'time', 'text'].includes(key))
      throw new UsageError(`--columns: unknown key "${key}" (user, item, time, text)`);
    if (parts.has(key)) throw new UsageError(`--columns: "${key}" given twice`);
    parts.set(key, at < 0 ? '' : part.slice(at + 1));
  }
  const user = parts.get('user');
  const item = parts.get('item');
  if (!user || !item) throw new UsageError('--columns needs user=COLUMN and item=COLUMN');
  const text = parts.get('text');
  return {
    user,
    item,
    time: parts.get('time') || undefined,
    text: text === undefined ? undefined : nameList('columns', text, '|'),
  };
}

/** One of `allowed`, or a usage error naming them. */
function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(
      `--${flag}: unknown value "${value}"; expected one of ${allowed.join(', ')}`,
    );
  return value as T;
}

/** The ingestion options the flags ask for (the text columns' mapping aside). */
function ingestOptionsOf(values: InputValues): IngestOptions {
  const header = oneOf('header', values.header, ['yes', 'no'] as const);
  const textFields = values['text-fields'];
  const columns = values.columns === undefined ? undefined : parseColumns(values.columns);
  if (columns?.text !== undefined && textFields !== undefined)
    throw new UsageError('give the text columns once: --columns …,text=A|B or --text-fields A,B');
  const maxInput = values['max-input-size'];
  return {
    inputLimit: cliInputLimit(
      maxInput === undefined ? undefined : parseSize('max-input-size', maxInput),
    ),
    name: values.name,
    format: oneOf<InteractionFormat>('format', values.format, INTERACTION_FORMATS),
    itemFormat: oneOf<ItemFormat>('item-format', values['item-format'], ITEM_FORMATS),
    textFields: textFields === undefined ? columns?.text : nameList('text-fields', textFields, ','),
    mapping: columns,
    itemColumn: values['item-id-column'],
    layout: {
      delimiter: values.delimiter === '\\t' ? '\t' : values.delimiter,
      hasHeader: header === undefined ? undefined : header === 'yes',
    },
  };
}

/**
 * Reads the files named on the command line (and their companions on disk) and ingests them;
 * text columns of a generic interaction file (`--text-fields`, `--columns …,text=`) go into the
 * column mapping, with the guessed user/item/time columns when `--columns` is absent.
 */
function ingestFromFlags(values: InputValues, progress: ProgressLog): IngestResult {
  const interactions = values.interactions ?? [];
  if (interactions.length === 0) throw new UsageError('--interactions FILE is required');
  const items = values.items ?? [];
  const options = ingestOptionsOf(values);
  for (const file of interactions) requireFile('--interactions', file);
  for (const file of items) requireFile('--items', file);
  const all = withCompanions(interactions, items);
  const read = [...all.interactions, ...all.items].map(readInputFile);
  const interactionFiles = read.slice(0, all.interactions.length);
  const notes: string[] = [];
  const text = options.textFields;
  if (text !== undefined) {
    const mapping = textColumnMapping(
      interactionFiles[0],
      text,
      options.format,
      options.layout ?? {},
      options.mapping,
    );
    if (mapping !== undefined && options.mapping === undefined) {
      notes.push(
        `${interactionFiles[0].name}: guessed columns user=${mapping.user}, item=${mapping.item}, ` +
          `time=${mapping.time ?? '(none: file order)'}; text columns ${text.join(', ')}`,
      );
    }
    options.mapping = mapping ?? options.mapping;
  }
  progress.begin('ingest', `parsing ${read.length} file${read.length === 1 ? '' : 's'}`);
  const started = performance.now();
  const result = ingest(
    { interactions: interactionFiles, items: read.slice(all.interactions.length) },
    options,
    progress.read,
  );
  const { dataset } = result;
  progress.finished(
    'ingest',
    `${dataset.userIds.length} users, ${dataset.itemIds.length} items`,
    (performance.now() - started) / 1000,
  );
  return { ...result, warnings: [...notes, ...result.warnings] };
}

/** Summary printed by `data stats`. */
function statsOf(result: IngestResult): Record<string, unknown> {
  const { dataset } = result;
  return {
    name: dataset.name,
    format: result.format,
    users: dataset.userIds.length,
    items: dataset.itemIds.length,
    interactions: dataset.sequences.reduce((sum, s) => sum + s.length, 0),
    itemsWithText: dataset.itemText.filter((t) => Object.keys(t).length > 0).length,
    textFields: dataset.textFields,
    hasTimestamps: dataset.hasTimestamps,
    skipped: result.skipped,
    warnings: result.warnings,
  };
}

/** Writes `files` (relative path → content) under `out`, with progress; returns their paths. */
function writeFiles(out: string, files: Record<string, string>, progress: ProgressLog): string[] {
  const entries = Object.entries(files);
  const sizes = entries.map(([, content]) => Buffer.byteLength(content));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  progress.work('write', { done: 0, total: entries.length, bytesDone, bytesTotal });
  return entries.map(([rel, content], i) => {
    const target = path.join(out, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    bytesDone += sizes[i];
    progress.work('write', { done: i + 1, total: entries.length, bytesDone, bytesTotal });
    return target;
  });
}

/** `data stats`. */
function stats(argv: string[], io: CommandIo): number {
  const values = parseFlags(argv, INPUT_FLAGS);
  if (values === 'help') {
    io.out(STATS_USAGE);
    return 0;
  }
  const progress = commandProgressLog(io, progressChoice(values));
  io.out(`${JSON.stringify(statsOf(ingestFromFlags(values, progress)))}\n`);
  return 0;
}

/** `data convert`. */
function convert(argv: string[], io: CommandIo): number {
  const values = parseFlags(argv, CONVERT_FLAGS);
  if (values === 'help') {
    io.out(CONVERT_USAGE);
    return 0;
  }
  const to = oneOf('to', values.to, ['hllm', 'recbole'] as const);
  const out = values.out;
  if (to === undefined || out === undefined)
    throw new UsageError('data convert needs --to hllm|recbole and --out DIR');
  requireOutputFolder('--out', out);
  const progress = commandProgressLog(io, progressChoice(values));
  const result = ingestFromFlags(values, progress);
  const started = performance.now();
  const exportOptions = { rawText: values['raw-text'] === true };
  const files =
    to === 'hllm'
      ? toHllmFiles(result.dataset, undefined, exportOptions)
      : toRecboleFiles(result.dataset, undefined, exportOptions);
  progress.finished(
    'build',
    `${Object.keys(files).length} ${to} files`,
    (performance.now() - started) / 1000,
  );
  const written = writeFiles(out, files, progress);
  io.out(`${JSON.stringify({ ...statsOf(result), written })}\n`);
  return 0;
}

const SUBCOMMANDS: Record<
  string,
  { run: (argv: string[], io: CommandIo) => number; usage: string }
> = {
  stats: { run: stats, usage: STATS_USAGE },
  convert: { run: convert, usage: CONVERT_USAGE },
};

/**
 * `data stats|convert`: ingests files named by flags (finding MovieLens/UniSRec/RecBole/HLLM
 * companions on disk), then prints one JSON summary or writes HLLM/RecBole files. `--help` on
 * `data` and each subcommand prints its usage. Exit codes: 0 ok, 1 bad input data, 2 bad command
 * line or path.
 */
export async function dataCommand(argv: string[], io: CommandIo = NODE_IO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(DATA_USAGE);
    return 0;
  }
  const subcommand =
    sub === undefined ? undefined : Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  return runWithExitCodes(
    async () => {
      if (subcommand === undefined)
        throw new UsageError(
          sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`,
        );
      return subcommand.run(rest, io);
    },
    subcommand?.usage ?? DATA_USAGE,
    io,
  );
}
