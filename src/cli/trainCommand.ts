import { officialDeviations } from '../config/officialDeviations';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { init } from '@jax-js/jax';
import { decodeItemEmbeddings } from '../checkpoints/itemEmbeddings';
import { encodeCheckpoint } from '../checkpoints/checkpoint';
import { SafetensorsError } from '../checkpoints/safetensors';
import {
  DEFAULT_ITEM_LLM,
  defaultRunConfig,
  MODEL_KINDS,
  PRESET_NAMES,
  presetRunConfig,
  type ModelKind,
  type PresetName,
} from '../config/defaults';
import { parseRunConfig } from '../config/parseRunConfig';
import type { ItemEncoderSpec, RunConfig } from '../config/runConfig';
import { InputError } from '../dataset/errors';
import type { Dataset } from '../dataset/types';
import { INTERACTION_FORMATS, type InteractionFormat } from '../ingestion/formatNames';
import { ModelLoadError } from '../itemEncoders/errors';
import { createLocalModelFiles } from '../itemEncoders/node/localModelFiles';
import { ModelConfigError } from '../models/modelConfigError';
import { formatMetricsTable } from '../runs/metricsTable';
import { generateSyntheticDataset } from '../synthetic/generateSyntheticDataset';
import { HASHED_TEXT_DIM } from '../training/hashedTextEmbeddings';
import { NODE_IO, type CommandIo } from './commandIo';
import {
  ITEM_ENCODER_FORMS,
  ItemEncoderOptionError,
  parseItemEncoderOption,
} from './itemEncoderOption';
import { cliInputLimit } from './fileSource';
import { formatFlag, ingestNamedFiles } from './namedFiles';
import { runWithExitCodes, UsageError } from './commandExit';
import { parseFlags, progressChoice, PROGRESS_FLAGS } from './parseFlags';
import { requireFile, requireFolder, requireOutputFile } from './pathChecks';
import { parseSize } from './sizeOption';
import { wasmThreads } from './wasmThreads';
import { watchWasmHeap, wasmHeapBytes } from '../compute/memoryMeter';
import { usageText } from '../runs/usageText';
import { commandProgressLog, type ProgressLog } from './progressLog';
import { itemLlmSetup } from '../compute/hllmSetup';
import { featuresSetup, type ModelSetup } from '../pipeline/modelSetup';
import {
  runExperiment,
  RunConfigError,
  type Experiment,
  type PreparedExperiment,
} from '../pipeline/runExperiment';

const USAGE = `usage:
  train (--interactions FILE [--items FILE] [--format NAME]
         | --synthetic [--synthetic-items N] [--synthetic-users N])
        --model ${MODEL_KINDS.join('|')} [--preset NAME | --config FILE.json] [--epochs N] [--max-steps N] [--seed N]
        [--cold-fraction F] [--max-len N] [--item-embeddings FILE.safetensors]
        [--item-encoder SPEC] [--checkpoint FILE.safetensors] [--max-input-size SIZE]
        [--progress | --no-progress] --out run.json
  --config is a RunConfig JSON (missing fields take the model's defaults); --preset starts from the
  app's preset instead (${PRESET_NAMES.join(', ')}); the other flags override either.
  --max-input-size (e.g. 500M, 4G) caps the text read from the files, all together after
  decompression (default: half of Node's heap limit).
  --max-steps stops training after N optimiser steps, then evaluates as usual (smoke runs of big
  models); --synthetic-items/--synthetic-users size the embedded generator's dataset.
  hllm runs the config's Item LLM (by default ${DEFAULT_ITEM_LLM}, all layers fine-tuned jointly
  with the User LLM; a folder, or one of the app's public/models/ written by
  \`npm run default-item-llm\`), or --item-encoder from local folders:
  ${ITEM_ENCODER_FORMS}
  (frozen: embeddings computed once; finetune/scratch: Item and User LLM trained jointly).
  --item-embeddings (tensor "item_embeddings" [items, dim] with metadata "item_ids") trains the
  User LLM over precomputed item embeddings; a frozen Item LLM without either trains it over a
  ${HASHED_TEXT_DIM}-d hashed bag-of-words of the item text.
  Progress lines with an ETA (catalogue passes, steps, evaluation) go to stderr on a terminal;
  --progress or --no-progress forces them on or off. -h, --help prints this help.
formats: ${INTERACTION_FORMATS.join(', ')}
exit codes: 0 ok, 1 bad input data or failed training, 2 bad command line, path or config
`;

/** The parsed command line of `train`. */
export interface TrainArgs {
  interactions: string[];
  items: string[];
  format?: InteractionFormat;
  /** `--max-input-size` in bytes. */
  maxInputBytes?: number;
  synthetic: boolean;
  model?: ModelKind;
  /** The app's preset of that name, for the model. */
  preset?: PresetName;
  config?: string;
  epochs?: number;
  maxSteps?: number;
  syntheticItems?: number;
  syntheticUsers?: number;
  seed?: number;
  coldFraction?: number;
  maxLen?: number;
  itemEmbeddings?: string;
  itemEncoder?: ItemEncoderSpec;
  checkpoint?: string;
  out: string;
  /** `--progress` (true) or `--no-progress` (false); undefined: only on a terminal. */
  progress?: boolean;
}

const TRAIN_FLAGS = {
  interactions: { type: 'string', multiple: true },
  items: { type: 'string', multiple: true },
  format: { type: 'string' },
  synthetic: { type: 'boolean' },
  model: { type: 'string' },
  preset: { type: 'string' },
  config: { type: 'string' },
  epochs: { type: 'string' },
  'max-steps': { type: 'string' },
  'synthetic-items': { type: 'string' },
  'synthetic-users': { type: 'string' },
  seed: { type: 'string' },
  'cold-fraction': { type: 'string' },
  'max-len': { type: 'string' },
  'item-embeddings': { type: 'string' },
  'item-encoder': { type: 'string' },
  checkpoint: { type: 'string' },
  out: { type: 'string' },
  'max-input-size': { type: 'string' },
  ...PROGRESS_FLAGS,
} as const;

function numberFlag(flag: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${flag}: expected ${integer ? 'an integer' : 'a number'}, got "${raw}"`,
    );
  }
  return value;
}

/** An integer flag of at least `min`, or undefined when absent. */
function positiveFlag(flag: string, raw: string | undefined, min: number): number | undefined {
  const value = numberFlag(flag, raw, true);
  if (value !== undefined && value < min) {
    throw new UsageError(`--${flag}: expected an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

/**
 * Parses the arguments after `train` (`'help'` for `--help`/`-h`); throws a usage error naming the
 * offending flag.
 */
export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const flags = parseFlags(argv, TRAIN_FLAGS);
  if (flags === 'help') return 'help';
  const synthetic = flags.synthetic === true;
  const interactions = flags.interactions ?? [];
  if (synthetic === interactions.length > 0) {
    throw new UsageError('give either --interactions FILE or --synthetic');
  }
  if (synthetic && (flags.items !== undefined || flags.format !== undefined)) {
    throw new UsageError('--items and --format need --interactions, not --synthetic');
  }
  if (
    !synthetic &&
    (flags['synthetic-items'] !== undefined || flags['synthetic-users'] !== undefined)
  ) {
    throw new UsageError('--synthetic-items and --synthetic-users need --synthetic');
  }
  const format = formatFlag(flags.format);
  const model = flags.model;
  if (model !== undefined && !(MODEL_KINDS as readonly string[]).includes(model)) {
    throw new UsageError(
      `--model: unknown value "${model}"; expected one of ${MODEL_KINDS.join(', ')}`,
    );
  }
  if (model === undefined && flags.config === undefined)
    throw new UsageError('--model or --config is required');
  const preset = flags.preset;
  if (preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(preset)) {
    throw new UsageError(
      `--preset: unknown value "${preset}"; expected one of ${PRESET_NAMES.join(', ')}`,
    );
  }
  if (preset !== undefined && flags.config !== undefined) {
    throw new UsageError('give either --preset or --config, not both');
  }
  const out = flags.out;
  if (out === undefined) throw new UsageError('--out run.json is required');
  const encoder = flags['item-encoder'];
  if (encoder !== undefined && flags['item-embeddings'] !== undefined) {
    throw new UsageError('give either --item-embeddings or --item-encoder, not both');
  }
  let itemEncoder: ItemEncoderSpec | undefined;
  try {
    itemEncoder = encoder === undefined ? undefined : parseItemEncoderOption(encoder);
  } catch (err) {
    if (err instanceof ItemEncoderOptionError) throw new UsageError(err.message);
    throw err;
  }
  return {
    interactions,
    items: flags.items ?? [],
    format,
    maxInputBytes:
      flags['max-input-size'] === undefined
        ? undefined
        : parseSize('max-input-size', flags['max-input-size']),
    synthetic,
    model: model as ModelKind | undefined,
    preset: preset as PresetName | undefined,
    config: flags.config,
    epochs: numberFlag('epochs', flags.epochs, true),
    maxSteps: positiveFlag('max-steps', flags['max-steps'], 1),
    syntheticItems: positiveFlag('synthetic-items', flags['synthetic-items'], 10),
    syntheticUsers: positiveFlag('synthetic-users', flags['synthetic-users'], 1),
    seed: numberFlag('seed', flags.seed, true),
    coldFraction: numberFlag('cold-fraction', flags['cold-fraction'], false),
    maxLen: numberFlag('max-len', flags['max-len'], true),
    itemEmbeddings: flags['item-embeddings'],
    itemEncoder,
    checkpoint: flags.checkpoint,
    out,
    progress: progressChoice(flags),
  };
}

/** The run config: the --config file (or the model's defaults) with the flags applied. */
function buildConfig(args: TrainArgs): RunConfig {
  let config: RunConfig;
  if (args.config !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(args.config, 'utf8'));
    } catch (err) {
      throw new InputError({ file: args.config }, 'a JSON run config', (err as Error).message);
    }
    const parsed = parseRunConfig(json);
    if (parsed.rejected.length > 0) {
      throw new InputError(
        { file: args.config },
        `a valid run config (${parsed.rejected.join('; ')})`,
      );
    }
    config = parsed.config;
    if (args.model !== undefined && args.model !== config.model.kind) {
      throw new UsageError(
        `--model ${args.model} contradicts model.kind "${config.model.kind}" in ${args.config}`,
      );
    }
  } else {
    const kind = args.model as ModelKind;
    config =
      args.preset === undefined ? defaultRunConfig(kind) : presetRunConfig(args.preset, kind);
  }
  return {
    ...config,
    seed: args.seed ?? config.seed,
    data: {
      ...config.data,
      coldFraction: args.coldFraction ?? config.data.coldFraction,
      maxHistory: args.maxLen ?? config.data.maxHistory,
    },
    train: { ...config.train, epochs: args.epochs ?? config.train.epochs },
  };
}

/** Reads the named files with their companions on disk, or generates the synthetic dataset. */
function loadDataset(args: TrainArgs, io: CommandIo, progress: ProgressLog): Dataset {
  if (args.synthetic) {
    const dataset = generateSyntheticDataset({
      numItems: args.syntheticItems,
      numUsers: args.syntheticUsers,
    });
    io.err(
      `dataset: embedded synthetic (${dataset.userIds.length} users, ${dataset.itemIds.length} items)\n`,
    );
    return dataset;
  }
  const result = ingestNamedFiles(args, cliInputLimit(args.maxInputBytes), progress);
  const skipped = Object.entries(result.skipped).map(([why, n]) => `${why}: ${n}`);
  io.err(
    `dataset: ${result.dataset.name} (${result.format}; ${result.dataset.userIds.length} users, ` +
      `${result.dataset.itemIds.length} items; skipped ${skipped.length > 0 ? skipped.join(', ') : 'nothing'})\n`,
  );
  for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
  return result.dataset;
}

/** HLLM over the item embeddings of `--item-embeddings` (rows matched to the dataset's items). */
function embeddingsFileSetup(file: string, config: RunConfig, dataset: Dataset): ModelSetup {
  if (config.model.kind !== 'hllm') throw new Error('embeddingsFileSetup needs an HLLM config');
  const table = decodeItemEmbeddings(new Uint8Array(readFileSync(file)), file, dataset.itemIds);
  return featuresSetup({
    config: {
      ...config,
      model: { ...config.model, itemEncoder: { kind: 'precomputed', path: file } },
    },
    table,
    note: `HLLM: Item LLM not used; item embeddings read from ${file} ([${table.shape}]).`,
  });
}

/** The app's model folder, where `npm run default-item-llm` writes the default Item LLM. */
const PUBLIC_MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));

/** The local folder of model `name`: a path as given, else the app's `public/models/<name>`. */
function localModelFolder(name: string): string | undefined {
  if (existsSync(name)) return name;
  const served = path.join(PUBLIC_MODELS, name);
  return existsSync(served) ? served : undefined;
}

/**
 * HLLM's item side as the flags and the config say: the Item LLM of `--item-encoder` from local
 * folders (a `finetune` encoder keeps the LoRA rank of the config's own), the `--item-embeddings`
 * file, the config's own fine-tuned or scratch Item LLM (its name a folder, or one of the app's
 * `public/models/`), or the pipeline's hashed bag-of-words for a frozen one (undefined).
 */
function hllmSetupOf(
  args: TrainArgs,
  config: RunConfig,
): ((config: RunConfig, dataset: Dataset) => Promise<ModelSetup>) | undefined {
  const filesOf = (name: string) => createLocalModelFiles(localModelFolder(name) ?? name);
  const spec = args.itemEncoder;
  if (spec !== undefined) {
    if (config.model.kind !== 'hllm') {
      throw new UsageError(`--item-encoder needs --model hllm, not ${config.model.kind}`);
    }
    return (c, dataset) => {
      if (c.model.kind !== 'hllm') throw new Error('an Item LLM needs an HLLM config');
      const configured = c.model.itemEncoder;
      const encoder =
        spec.kind === 'finetune' && configured.kind === 'finetune'
          ? { ...spec, lora: configured.lora }
          : spec;
      return itemLlmSetup({ ...c, model: { ...c.model, itemEncoder: encoder } }, dataset, filesOf);
    };
  }
  if (config.model.kind !== 'hllm') return undefined;
  const file = args.itemEmbeddings;
  if (file !== undefined) {
    return (c, dataset) => Promise.resolve(embeddingsFileSetup(file, c, dataset));
  }
  const own = config.model.itemEncoder;
  if (own.kind !== 'finetune' && own.kind !== 'scratch') return undefined;
  const name = own.kind === 'scratch' ? own.tokenizer : own.model;
  if (localModelFolder(name) === undefined) {
    throw new UsageError(
      `model.itemEncoder names "${name}", which is neither a folder nor in public/models/; ` +
        'write the default Item LLM with `npm run default-item-llm`, or give --item-encoder or --item-embeddings',
    );
  }
  return (c, dataset) => itemLlmSetup(c, dataset, filesOf);
}

/** The lines the CLI prints once the experiment's data is ready. */
function preparedLines(p: PreparedExperiment): string {
  const { config, preprocess: pre, splitReport: report, split } = p;
  const deviations = officialDeviations(config);
  return [
    `preprocess: ${pre.output.users} users, ${pre.output.items} items, ${pre.output.interactions} interactions ` +
      `(k-core ${config.data.kCore}, ${pre.duplicatesRemoved} duplicates removed)`,
    ...(p.setup === null ? [] : [p.setup.note]),
    ...p.warnings.map((w) => `warning: ${w}`),
    `split: ${report.trainUsers} training sequences (${p.trainSamples} samples${config.data.chunkHistories ? ', long histories chunked' : ''}), ` +
      `${split.valid.length} valid / ${split.test.length} test cases, ${report.coldItems} cold items; ` +
      `test slices cold ${report.test.cold}, longtail ${report.test.longtail}, short ${report.test.short}`,
    deviations.length === 0
      ? 'official settings: followed (sizes scaled to this run)'
      : `deviations from the official settings:\n${deviations.map((d) => `  - ${d}`).join('\n')}`,
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** Throws a `PathError` for an input that is not a file or folder as needed, or an unwritable output. */
function checkPaths(args: TrainArgs): void {
  for (const file of args.interactions) requireFile('--interactions', file);
  for (const file of args.items) requireFile('--items', file);
  if (args.config !== undefined) requireFile('--config', args.config);
  if (args.itemEmbeddings !== undefined) requireFile('--item-embeddings', args.itemEmbeddings);
  const spec = args.itemEncoder;
  if (spec !== undefined && spec.kind !== 'precomputed')
    requireFolder('--item-encoder', spec.kind === 'scratch' ? spec.tokenizer : spec.model);
  requireOutputFile('--out', args.out);
  if (args.checkpoint !== undefined) requireOutputFile('--checkpoint', args.checkpoint);
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseTrainArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  checkPaths(args);
  const config = buildConfig(args);
  const hllmSetup = hllmSetupOf(args, config);
  const progress = commandProgressLog(io, args.progress);
  const dataset = loadDataset(args, io, progress);
  watchWasmHeap();
  await init('wasm');
  const threads = wasmThreads() ?? 1;
  let experiment: Experiment;
  try {
    experiment = await runExperiment(dataset, config, {
      device: `wasm (Node.js, ${threads} thread${threads > 1 ? 's' : ''})`,
      maxSteps: args.maxSteps,
      memory: () => ({ peakBytes: wasmHeapBytes(), kind: 'wasm-heap' }),
      hllmSetup,
      onPrepared: (prepared) => io.err(preparedLines(prepared)),
      onPass: progress.pass,
      onPlan: (_, note) => io.err(`${note}\n`),
      onEvent: (event) => {
        if (event.kind === 'step') {
          progress.step(event);
        } else if (event.kind === 'evaluate') {
          progress.evaluate(event);
        } else if (event.kind === 'epoch') {
          const metric = config.train.earlyStopMetric;
          const valid = event.valid ? `  valid ${metric} ${event.valid[metric].toFixed(2)}` : '';
          io.err(
            `epoch ${event.epoch + 1}  loss ${event.loss.toFixed(4)}${valid}  (${event.seconds.toFixed(1)} s)\n`,
          );
        } else if (event.kind === 'error') {
          io.err(`error (${event.code}): ${event.message}\n`);
        }
      },
    });
  } catch (err) {
    if (!(err instanceof RunConfigError)) throw err;
    io.err(
      `error: the run config cannot be used:\n${err.problems.map((p) => `  ${p}\n`).join('')}`,
    );
    return 2;
  }
  if (experiment.result === null) return 1;
  const { run: record, model } = experiment.result;
  if (record.usage !== undefined) io.err(`usage: ${usageText(record.usage, record.device)}\n`);
  io.out(
    `${record.config.model.kind} on ${record.dataset.name}: best epoch ${record.bestEpoch + 1} of ` +
      `${record.epochs.length}${record.stoppedEarly ? ' (early stop)' : ''}, ` +
      `${record.timings.trainSequencesPerSecond.toPrecision(3)} seq/s, test evaluation ${record.timings.testEvaluation.toFixed(2)} s\n` +
      `test metrics (×100, full ranking, every item the user had before the target masked):\n${formatMetricsTable(record)}\n`,
  );
  mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(record, null, 2)}\n`);
  io.err(`run record written to ${args.out}\n`);
  if (args.checkpoint !== undefined) {
    const bytes = encodeCheckpoint({
      params: await model.getParams(),
      config: record.config,
      datasetFingerprint: record.dataset.fingerprint,
    });
    writeFileSync(args.checkpoint, bytes);
    io.err(`checkpoint written to ${args.checkpoint}\n`);
  }
  model.dispose();
  return 0;
}

/**
 * `train`: ingests the named files (or the embedded synthetic dataset), preprocesses and splits
 * them, trains on Wasm, prints the test metrics table beside popularity and writes the run record
 * (and optionally a checkpoint). Exit codes: 0 ok, 1 bad input data or failed training, 2 bad
 * command line, config or missing file.
 */
export async function trainCommand(argv: string[], io: CommandIo = NODE_IO): Promise<number> {
  return runWithExitCodes(() => run(argv, io), USAGE, io, [
    SafetensorsError,
    RangeError,
    ModelLoadError,
    ModelConfigError,
  ]);
}
