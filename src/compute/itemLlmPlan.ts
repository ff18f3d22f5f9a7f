import type { HllmConfig, LlamaConfig, RunConfig } from '../config/runConfig';
import { DEFAULT_HLLM_NEGATIVES } from '../config/defaults';
import {
  checkItemLlmMemory,
  estimateItemLlmMemory,
  llamaParamCount,
  type ItemLlmMemory,
} from '../itemEncoders/itemLlmMemory';
import { scratchLlamaConfig } from '../itemEncoders/itemLlmModel';
import {
  parseLlamaConfig,
  tokenizerFromJson,
  tokenizerVocabSize,
} from '../itemEncoders/llamaCheckpoint';
import { readModelJson, type ModelFiles } from '../itemEncoders/modelFiles';
import { itemEncoderMode } from '../models/hllm/createHllm';
import { HUB_CHECKPOINTS } from '../models/hllm/hubCheckpoints';
import { DEFAULT_MEMORY_BUDGET } from '../models/hllm/jointPlan';
import { parseHubId } from './itemLlmFiles';

/** The memory estimate of an Item LLM run, shown before training starts. */
export interface ItemLlmPlan {
  /** Model folder, Hub id or tokenizer the architecture was read from. */
  source: string;
  /** Where the architecture came from: the model's config.json or the curated Hub list. */
  architectureFrom: 'config.json' | 'curated list' | 'scratch';
  params: number;
  memory: ItemLlmMemory;
  budgetBytes: number;
  /** Why the run would be refused, naming what to shrink; null when it fits. */
  refusal: string | null;
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

/**
 * Estimates the memory of the Item LLM of an HLLM run over `numItems` items, with the workload
 * the joint model checks (the step's distinct items, re-encoded negatives included), and says
 * whether the run fits `budgetBytes` (the joint model's default budget when omitted).
 */
export async function planItemLlm(
  config: RunConfig,
  numItems: number,
  filesOf: (name: string) => ModelFiles,
  budgetBytes = DEFAULT_MEMORY_BUDGET,
): Promise<ItemLlmPlan> {
  if (config.model.kind !== 'hllm') throw new Error('planItemLlm needs an HLLM config');
  const { mode } = itemEncoderMode(config.model.itemEncoder);
  const arch = await itemLlmArchitecture(config.model, filesOf);
  const reencode = (config.model.negatives ?? DEFAULT_HLLM_NEGATIVES) === 'reencode';
  const t = config.train;
  const workload = {
    config: arch.config,
    mode,
    batchItems: Math.min(
      numItems,
      t.batchSize * config.data.maxHistory + (reencode ? t.numNegatives : 0),
    ),
    catalogueItems: numItems,
    maxTextTokens: config.model.maxTextTokens,
  };
  let refusal: string | null = null;
  try {
    checkItemLlmMemory(workload, budgetBytes);
  } catch (error) {
    refusal = (error as Error).message;
  }
  return {
    source: arch.source,
    architectureFrom: arch.from,
    params: llamaParamCount(arch.config),
    memory: estimateItemLlmMemory(workload),
    budgetBytes,
    refusal,
  };
}
