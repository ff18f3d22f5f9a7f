import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseRunConfig } from '../config/parseRunConfig';
import { InputError } from '../dataset/errors';
import { runBundleFiles } from '../compute/runBundle';
import { INTERACTION_FORMATS, type InteractionFormat } from '../ingestion/formatNames';
import { officialSettings } from '../export/officialSettings';
import type { RunRecord } from '../runs/runRecord';
import { NODE_IO, type CommandIo } from './commandIo';
import { runWithExitCodes, UsageError } from './commandExit';
import { cliInputLimit } from './fileSource';
import { formatFlag, ingestNamedFiles } from './namedFiles';

const USAGE = `usage:
  export hllm-bundle --run RUN.json --interactions FILE [--items FILE] [--format NAME] --out DIR
  Writes a bundle for the official PyTorch HLLM code (github.com/bytedance/HLLM) that trains the
  run of RUN.json (a run record written by \`train --out\`) on GPUs: the data in its layout,
  overrides.yaml with the run's settings, run.sh [N_GPUS] and a README (how to run it, and the
  settings the official code has no equivalent for). The interactions (and item text) must be the
  data the run trained on: their split is checked against the record's fingerprint.
  --interactions and --items may repeat; companions on disk are found as in \`train\`.
formats: ${INTERACTION_FORMATS.join(', ')}
`;

/** The parsed command line of `export hllm-bundle`. */
export interface ExportArgs {
  run: string;
  interactions: string[];
  items: string[];
  format?: InteractionFormat;
  out: string;
}

/** Parses the arguments after `export`; throws a `UsageError` naming what is wrong. */
export function parseExportArgs(argv: string[]): ExportArgs | 'help' {
  const [what, ...rest] = argv;
  if (what === '--help' || what === '-h') return 'help';
  if (what !== 'hllm-bundle') {
    throw new UsageError(
      what === undefined ? 'missing what to export (hllm-bundle)' : `unknown export "${what}"`,
    );
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        run: { type: 'string' },
        interactions: { type: 'string', multiple: true },
        items: { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help === true) return 'help';
  if (values.run === undefined) throw new UsageError('--run RUN.json is required');
  if (values.interactions === undefined) throw new UsageError('--interactions FILE is required');
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const format = formatFlag(values.format);
  return {
    run: values.run,
    interactions: values.interactions,
    items: values.items ?? [],
    format,
    out: values.out,
  };
}

/** The record's config (validated) and split fingerprint; data errors name the file. */
function readRecord(file: string): { record: RunRecord; fingerprint: string } {
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  let json: Partial<RunRecord>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunRecord>;
  } catch (err) {
    throw new InputError({ file }, 'a JSON run record', (err as Error).message);
  }
  if (typeof json !== 'object' || json === null || json.config === undefined) {
    throw new InputError({ file }, 'a run record with a "config"');
  }
  const fingerprint = json.dataset?.fingerprint;
  if (typeof fingerprint !== 'string') {
    throw new InputError({ file }, 'a run record with "dataset.fingerprint"');
  }
  const parsed = parseRunConfig(json.config);
  if (parsed.rejected.length > 0) {
    throw new InputError({ file }, `a valid run config (${parsed.rejected.join('; ')})`);
  }
  return { record: { ...(json as RunRecord), config: parsed.config }, fingerprint };
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseExportArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  const { record, fingerprint } = readRecord(args.run);
  const dataset = ingestNamedFiles(args, cliInputLimit()).dataset;
  const { files } = runBundleFiles(record.config, dataset, fingerprint, args.interactions[0]);
  for (const [rel, text] of Object.entries(files)) {
    const target = path.join(args.out, rel);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  chmodSync(path.join(args.out, 'run.sh'), 0o755);
  const { notCarried } = officialSettings(record.config, dataset.name);
  io.out(
    `bundle for the official HLLM code written to ${args.out} (${Object.keys(files).length} files); ` +
      `run it with HLLM_DIR=/path/to/HLLM ${path.join(args.out, 'run.sh')} N_GPUS\n` +
      `not carried (see README.md):\n${notCarried.map((n) => `  - ${n}\n`).join('')}`,
  );
  return 0;
}

/**
 * `export hllm-bundle`: a run record and its data → a bundle for the official HLLM code. Exit
 * codes: 0 ok, 1 bad data (unreadable record, data other than the run's), 2 bad command line.
 */
export async function exportCommand(argv: string[], io: CommandIo = NODE_IO): Promise<number> {
  return runWithExitCodes(() => run(argv, io), USAGE, io);
}
