import type { HllmConfig, LlamaConfig, RunConfig } from '../config/runConfig';
import { scratchLlamaConfig } from '../itemEncoders/itemLlmModel';
import {
  parseLlamaConfig,
  tokenizerFromJson,
  tokenizerVocabSize,
} from '../itemEncoders/llamaCheckpoint';
import { readModelJson, type ModelFiles } from '../itemEncoders/modelFiles';
import { budgetOf, resolveUserLlm } from '../models/hllm/createHllm';
import type { HllmMemory } from '../models/hllm/hllmMemory';
import {
  DEFAULT_MEMORY_BUDGET,
  fitSuggestions,
  planHllm,
  type FitSuggestion,
} from '../models/hllm/hllmPlan';
import { hllmWorkload } from '../models/hllm/hllmWorkload';
import { HUB_CHECKPOINTS } from '../models/hllm/hubCheckpoints';
import { WASM_BACKEND, type MemoryBackend } from '../models/hllm/memoryBackend';
import { llamaParamCount } from '../models/llama/paramCount';
import { parseHubId } from './itemLlmFiles';

/** The estimate of one Item LLM mode for the run about to start. */
export interface ModeEstimate {
  /** `frozen`, `top-2`, `LoRA r=8, all layers`, `all layers`. */
  name: string;
  totalBytes: number;
  fits: boolean;
}

/** The memory plan of an HLLM run, shown before training starts. */
export interface ItemLlmPlan {
  /** Model folder, Hub id or tokenizer the architecture was read from. */
  source: string;
  /** Where the architecture came from: the model's config.json or the curated Hub list. */
  architectureFrom: 'config.json' | 'curated list' | 'scratch';
  params: number;
  /** Decoder layers of the Item LLM (the User LLM takes at most these from a checkpoint). */
  itemLayers: number;
  memory: HllmMemory;
  /** The budget the run is held to: the config's `memoryBudgetMiB`, else the device's. */
  budgetBytes: number;
  /** The device's default budget (4 GiB on Wasm). */
  deviceBudgetBytes: number;
  /** Items per Item LLM call and layers per checkpointed stage the run would use. */
  itemRows: number;
  stageLayers: number;
  /** Why the run would be refused, naming what to shrink; null when it fits. */
  refusal: string | null;
  /** The nearest settings that fit, when the run does not. */
  suggestions: FitSuggestion[];
  /** The same run under each Item LLM mode (checkpoints only). */
  modes: ModeEstimate[];
}

/** The architecture of the spec's Item LLM, from the curated list or the model's own files. */
async function itemLlmArchitecture(
  model: HllmConfig,
  filesOf: (name: string) => ModelFiles,
): Promise<{ config: LlamaConfig; source: string; from: ItemLlmPlan['architectureFrom'] }> {
  const spec = model.itemEncoder;
  if (spec.kind === 'scratch') {
    const files = filesOf(spec.tokenizer);
    const tokenizer = tokenizerFromJson(
      await readModelJson(files, 'tokenizer.json'),
      await readModelJson(files, 'tokenizer_config.json'),
    );
    return {
      config: scratchLlamaConfig(tokenizerVocabSize(tokenizer), spec.layers, spec.width),
      source: files.source,
      from: 'scratch',
    };
  }
  if (spec.kind !== 'finetune' && spec.kind !== 'frozen') {
    throw new Error(`no Item LLM runs with item encoder ${spec.kind}`);
  }
  const curated = HUB_CHECKPOINTS.find((c) => c.repo === parseHubId(spec.model)?.repo);
  if (curated !== undefined) {
    return { config: curated.config, source: curated.repo, from: 'curated list' };
  }
  const files = filesOf(spec.model);
  return {
    config: parseLlamaConfig(await readModelJson(files, 'config.json'), files.source),
    source: files.source,
    from: 'config.json',
  };
}

/** The modes the plan compares, as encoder changes of a checkpoint's spec. */
function modeVariants(model: HllmConfig): { name: string; model: HllmConfig }[] {
  const spec = model.itemEncoder;
  if (spec.kind !== 'finetune' && spec.kind !== 'frozen') return [];
  const checkpoint = spec.model;
  const finetune = (topLayers: number | 'all', lora: number) => ({
    ...model,
    itemEncoder: { kind: 'finetune' as const, model: checkpoint, topLayers, lora },
    userLora: undefined,
  });
  return [
    { name: 'frozen', model: finetune(0, 0) },
    { name: 'top-2', model: finetune(2, 0) },
    { name: 'LoRA r=8, all layers', model: finetune('all', 8) },
    { name: 'all layers', model: finetune('all', 0) },
  ];
}

/**
 * The memory plan of the HLLM run of `config` over `numItems` items on `backend`: the
 * micro-batch and stage size it would use, its estimate against the budget (the config's
 * `memoryBudgetMiB`, else the device's `budgetBytes`, else 4 GiB), why it would be refused, the
 * nearest settings that fit, and the same run under each Item LLM mode.
 */
export async function planItemLlm(
  config: RunConfig,
  numItems: number,
  filesOf: (name: string) => ModelFiles,
  budgetBytes?: number,
  backend: MemoryBackend = WASM_BACKEND,
): Promise<ItemLlmPlan> {
  if (config.model.kind !== 'hllm') throw new Error('planItemLlm needs an HLLM config');
  const arch = await itemLlmArchitecture(config.model, filesOf);
  const run = {
    catalogueItems: numItems,
    batchSize: config.train.batchSize,
    maxHistory: config.data.maxHistory,
    numNegatives: config.train.numNegatives,
    gradClip: config.train.gradClip,
  };
  const options = {
    budgetBytes: budgetOf(config.model, budgetBytes),
    fixedItemRows: config.model.itemRows !== undefined,
  };
  const workloadOf = (model: HllmConfig) =>
    hllmWorkload(resolveUserLlm(model, arch.config), arch.config, run);
  const model = resolveUserLlm(config.model, arch.config);
  const plan = planHllm(workloadOf(config.model), options, backend);
  const modes = modeVariants(config.model)
    .filter((m) => m.name !== 'top-2' || arch.config.numLayers > 2)
    .map((m) => {
      const p = planHllm(workloadOf(m.model), options, backend);
      return { name: m.name, totalBytes: p.memory.total, fits: p.refusal === null };
    });
  return {
    source: arch.source,
    architectureFrom: arch.from,
    params: llamaParamCount(arch.config),
    itemLayers: arch.config.numLayers,
    memory: plan.memory,
    budgetBytes: plan.budgetBytes,
    deviceBudgetBytes: budgetBytes ?? DEFAULT_MEMORY_BUDGET,
    itemRows: plan.workload.itemRows,
    stageLayers: plan.workload.stageLayers,
    refusal: plan.refusal,
    suggestions: fitSuggestions(model, plan.workload, options, backend),
    modes,
  };
}
