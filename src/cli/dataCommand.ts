import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
import { readInputFile, withCompanions } from './nodeFiles';
import { runWithExitCodes, UsageError } from './commandExit';

/** Where a command writes. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const NODE_IO: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const USAGE = `usage:
  data stats   --interactions FILE [--items FILE] [--format NAME] [options]
  data convert --interactions FILE [--items FILE] --to hllm|recbole --out DIR [options]
options: --item-format NAME, --name NAME, --text-fields a,b, --columns user=U,item=I[,time=T],
         --item-id-column NAME, --delimiter CHAR, --header yes|no (generic CSV; headerless columns are
         column1, column2, …); --interactions and --items may repeat
formats: ${INTERACTION_FORMATS.join(', ')}
item formats: ${ITEM_FORMATS.join(', ')}
`;

/** A mistake in the command line (exit code 2). */
const VALUE_FLAGS = [
  'interactions',
  'items',
  'format',
  'item-format',
  'name',
  'text-fields',
  'columns',
  'item-id-column',
  'delimiter',
  'header',
  'to',
  'out',
];
const REPEATABLE = ['interactions', 'items'];

/** Parses `--flag value` pairs; repeatable flags collect every value. */
function parseFlags(argv: string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined || !VALUE_FLAGS.includes(name))
      throw new UsageError(`unknown argument "${arg}"`);
    const value = argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`--${name} needs a value`);
    if (flags.has(name) && !REPEATABLE.includes(name))
      throw new UsageError(`--${name} given twice`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return flags;
}

/** Parses `user=U,item=I[,time=T]`. */
function parseColumns(spec: string): ColumnMapping {
  const parts = new Map(spec.split(',').map((p) => p.split('=', 2) as [string, string]));
  for (const key of parts.keys()) {
    if (!['user', 'item', 'time'].includes(key))
      throw new UsageError(`--columns: unknown key "${key}" (user, item, time)`);
  }
  const user = parts.get('user');
  const item = parts.get('item');
  if (!user || !item) throw new UsageError('--columns needs user=COLUMN and item=COLUMN');
  return { user, item, time: parts.get('time') };
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

/** Reads the files named on the command line (and their siblings) and ingests them. */
function ingestFromFlags(flags: Map<string, string[]>): IngestResult {
  const interactions = flags.get('interactions') ?? [];
  if (interactions.length === 0) throw new UsageError('--interactions FILE is required');
  const items = flags.get('items') ?? [];
  for (const file of [...interactions, ...items]) {
    if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  }
  const all = withCompanions(interactions, items);
  const textFields = flags.get('text-fields')?.[0];
  const columns = flags.get('columns')?.[0];
  const delimiter = flags.get('delimiter')?.[0];
  const header = oneOf('header', flags.get('header')?.[0], ['yes', 'no'] as const);
  const options: IngestOptions = {
    name: flags.get('name')?.[0],
    format: oneOf<InteractionFormat>('format', flags.get('format')?.[0], INTERACTION_FORMATS),
    itemFormat: oneOf<ItemFormat>('item-format', flags.get('item-format')?.[0], ITEM_FORMATS),
    textFields: textFields?.split(',').map((f) => f.trim()),
    mapping: columns !== undefined ? parseColumns(columns) : undefined,
    itemColumn: flags.get('item-id-column')?.[0],
    layout: {
      delimiter: delimiter === '\\t' ? '\t' : delimiter,
      hasHeader: header === undefined ? undefined : header === 'yes',
    },
  };
  return ingest(
    { interactions: all.interactions.map(readInputFile), items: all.items.map(readInputFile) },
    options,
  );
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

/** Runs `data stats` or `data convert`. */
async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'stats' && sub !== 'convert') {
    throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
  }
  const flags = parseFlags(rest);
  if (sub === 'stats') {
    for (const flag of ['to', 'out'])
      if (flags.has(flag)) throw new UsageError(`--${flag} is only for "data convert"`);
    io.out(`${JSON.stringify(statsOf(ingestFromFlags(flags)))}\n`);
    return 0;
  }
  const to = oneOf('to', flags.get('to')?.[0], ['hllm', 'recbole'] as const);
  const out = flags.get('out')?.[0];
  if (to === undefined || out === undefined)
    throw new UsageError('data convert needs --to hllm|recbole and --out DIR');
  const result = ingestFromFlags(flags);
  const files = to === 'hllm' ? toHllmFiles(result.dataset) : toRecboleFiles(result.dataset);
  for (const [rel, content] of Object.entries(files)) {
    const target = path.join(out, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  io.out(
    `${JSON.stringify({ ...statsOf(result), written: Object.keys(files).map((f) => path.join(out, f)) })}\n`,
  );
  return 0;
}

/**
 * `data stats|convert`: ingests files named by flags (finding MovieLens/UniSRec/RecBole/HLLM
 * companions on disk), then prints one JSON summary or writes HLLM/RecBole files. Exit codes:
 * 0 ok, 1 bad input data, 2 bad command line or missing file.
 */
export async function dataCommand(argv: string[], io: CommandIo = NODE_IO): Promise<number> {
  return runWithExitCodes(() => run(argv, io), USAGE, io);
}
