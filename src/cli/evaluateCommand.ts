import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { init } from '@jax-js/jax';
import { decodeCheckpoint } from '../checkpoints/checkpoint';
import { SafetensorsError } from '../checkpoints/safetensors';
import { itemLlmSetup } from '../compute/hllmSetup';
import { parseRunConfig } from '../config/parseRunConfig';
import type { RunConfig } from '../config/runConfig';
import { InputError } from '../dataset/errors';
import type { Dataset } from '../dataset/types';
import { SLICE_NAMES } from '../evaluation/metrics';
import { INTERACTION_FORMATS, type InteractionFormat } from '../ingestion/formatNames';
import { ModelLoadError } from '../itemEncoders/errors';
import { createLocalModelFiles } from '../itemEncoders/node/localModelFiles';
import { ModelConfigError } from '../models/modelConfigError';
import { evaluateCheckpoint, type CheckpointEvaluation } from '../pipeline/evaluateCheckpoint';
import type { ModelSetup } from '../pipeline/modelSetup';
import { RunConfigError } from '../pipeline/runExperiment';
import { formatSliceTable } from '../runs/metricsTable';
import { runWithExitCodes, UsageError } from './commandExit';
import { NODE_IO, type CommandIo } from './commandIo';
import { cliInputLimit } from './fileSource';
import { formatFlag, ingestNamedFiles } from './namedFiles';

const USAGE = `usage:
  evaluate --checkpoint FILE.safetensors --interactions FILE [--items FILE] [--format NAME]
           [--item-llm DIR] [--inspect USER_ID ...] [--out RESULT.json]
  Evaluates a saved model on the split its run config makes of the data (full ranking, every item
  the user had before the target masked), beside popularity: a checkpoint written by
  \`train --checkpoint\`, or one of the official HLLM code converted by
  scripts/importOfficialCheckpoint.py. --item-llm is the Item LLM folder (tokenizer and
  config.json) of an HLLM checkpoint when its config names none on this machine. --inspect (may
  repeat) prints a test user's recent history, held-out item and the model's top 10.
  --interactions and --items may repeat; companions on disk are found as in \`train\`.
formats: ${INTERACTION_FORMATS.join(', ')}
`;

/** The parsed command line of `evaluate`. */
export interface EvaluateArgs {
  checkpoint: string;
  interactions: string[];
  items: string[];
  format?: InteractionFormat;
  itemLlm?: string;
  /** Test users whose history and top list to print. */
  inspect: string[];
  out?: string;
}

/** Parses the arguments after `evaluate`; throws a `UsageError` naming what is wrong. */
export function parseEvaluateArgs(argv: string[]): EvaluateArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        checkpoint: { type: 'string' },
        interactions: { type: 'string', multiple: true },
        items: { type: 'string', multiple: true },
        format: { type: 'string' },
        'item-llm': { type: 'string' },
        inspect: { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help === true) return 'help';
  if (values.checkpoint === undefined) throw new UsageError('--checkpoint FILE is required');
  if (values.interactions === undefined) throw new UsageError('--interactions FILE is required');
  const format = formatFlag(values.format);
  return {
    checkpoint: values.checkpoint,
    interactions: values.interactions,
    items: values.items ?? [],
    format,
    itemLlm: values['item-llm'],
    inspect: values.inspect ?? [],
    out: values.out,
  };
}

/** The checkpoint's config with `--item-llm` in place, and HLLM's item side from local folders. */
function setupOf(
  args: EvaluateArgs,
  config: RunConfig,
): {
  config: RunConfig;
  hllmSetup?: (config: RunConfig, dataset: Dataset) => Promise<ModelSetup>;
} {
  if (config.model.kind !== 'hllm') {
    if (args.itemLlm !== undefined) {
      throw new UsageError(`--item-llm needs an HLLM checkpoint, not ${config.model.kind}`);
    }
    return { config };
  }
  const encoder = config.model.itemEncoder;
  if (encoder.kind !== 'finetune') {
    throw new InputError(
      { file: args.checkpoint },
      'an HLLM checkpoint with a fine-tuned Item LLM (the other item encoders keep no Item LLM weights)',
      `item encoder "${encoder.kind}"`,
    );
  }
  const folder = args.itemLlm ?? encoder.model;
  if (!existsSync(folder)) {
    throw new UsageError(
      `the Item LLM folder "${folder}" is not on this machine; give its tokenizer and config.json folder with --item-llm`,
    );
  }
  const model = { ...config.model, itemEncoder: { ...encoder, model: folder } };
  return {
    config: { ...config, model },
    hllmSetup: (c, dataset) => itemLlmSetup(c, dataset, (name) => createLocalModelFiles(name)),
  };
}

/** Items of a top list printed by `--inspect`. */
const INSPECT_TOP = 10;

/** One test user's recent history, held-out item and top list; throws when the user has no test case. */
function inspectText(result: CheckpointEvaluation, userId: string): string {
  const { dataset, split } = result.prepared;
  const at = split.test.findIndex((c) => dataset.userIds[c.user] === userId);
  if (at < 0) {
    throw new InputError(
      { file: dataset.name },
      `a user with a test case for --inspect`,
      `"${userId}" (unknown, or too few items after preprocessing)`,
    );
  }
  const c = split.test[at];
  const label = (item: number): string => {
    const text = dataset.itemText[item];
    const title = text.title ?? Object.values(text)[0];
    return title === undefined ? dataset.itemIds[item] : `${dataset.itemIds[item]} (${title})`;
  };
  const recent = Array.from(c.history.slice(-5), label);
  const top = Array.from(result.test.topK[at], (item, k) => {
    const mark = item === c.target ? '  <- held out' : '';
    return `  ${String(k + 1).padStart(2)}. ${label(item)}${mark}`;
  });
  return (
    `user ${userId}: ${c.history.length} history items, the last ${recent.length}: ${recent.join('; ')}\n` +
    `held out: ${label(c.target)}, ranked ${result.test.ranks[at] + 1} of ${split.numItems}\n` +
    `top ${top.length}:\n${top.join('\n')}\n`
  );
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseEvaluateArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (!existsSync(args.checkpoint)) throw new UsageError(`file not found: ${args.checkpoint}`);
  const checkpoint = decodeCheckpoint(
    new Uint8Array(readFileSync(args.checkpoint)),
    args.checkpoint,
  );
  const parsed = parseRunConfig(checkpoint.config);
  if (parsed.rejected.length > 0) {
    throw new InputError(
      { file: args.checkpoint },
      `a valid run config in its metadata (${parsed.rejected.join('; ')})`,
    );
  }
  const { config, hllmSetup } = setupOf(args, parsed.config);
  const dataset = ingestNamedFiles(args, cliInputLimit()).dataset;
  await init('wasm');
  let result;
  try {
    result = await evaluateCheckpoint(dataset, checkpoint, config, hllmSetup, INSPECT_TOP);
  } catch (err) {
    if (err instanceof RunConfigError) {
      throw new InputError(
        { file: args.checkpoint },
        `a run config that fits the data (${err.problems.join('; ')})`,
      );
    }
    if (err instanceof Error && err.message.startsWith('parameters do not match')) {
      throw new InputError(
        { file: args.checkpoint },
        'parameters of its config’s model',
        err.message,
      );
    }
    throw err;
  }
  const { prepared } = result;
  const sizes = Object.fromEntries(
    SLICE_NAMES.map((s) => [s, prepared.split.testSlices[s].length]),
  ) as Record<(typeof SLICE_NAMES)[number], number>;
  if (result.sameSplit === false) {
    io.err(
      `warning: the checkpoint was trained on another split (fingerprint ${checkpoint.datasetFingerprint}, this data ${result.fingerprint}): its metrics are not the run's\n`,
    );
  }
  io.out(
    `${config.model.kind} from ${args.checkpoint} on ${dataset.name} (split ${result.fingerprint}): ` +
      `${prepared.split.test.length} test cases over ${prepared.split.numItems} items\n` +
      `test metrics (×100, full ranking, every item the user had before the target masked):\n` +
      `${formatSliceTable({ model: config.model.kind, test: result.test.metrics, popularity: result.popularityTest.metrics, sliceSizes: sizes })}\n`,
  );
  for (const user of args.inspect) io.out(inspectText(result, user));
  if (args.out !== undefined) {
    mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    const out = {
      checkpoint: args.checkpoint,
      config: { ...prepared.config, train: config.train },
      dataset: dataset.name,
      fingerprint: result.fingerprint,
      sameSplit: result.sameSplit,
      valid: result.valid.metrics,
      test: result.test.metrics,
      popularity: { valid: result.popularityValid.metrics, test: result.popularityTest.metrics },
    };
    writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
    io.err(`evaluation written to ${args.out}\n`);
  }
  return 0;
}

/**
 * `evaluate`: a saved model (this project's checkpoint, or an official HLLM one converted) on the
 * split of a dataset. Exit codes: 0 ok, 1 bad data or checkpoint, 2 bad command line.
 */
export async function evaluateCommand(argv: string[], io: CommandIo = NODE_IO): Promise<number> {
  return runWithExitCodes(() => run(argv, io), USAGE, io, [
    SafetensorsError,
    ModelLoadError,
    ModelConfigError,
  ]);
}
