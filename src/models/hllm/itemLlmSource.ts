import type { ItemEncoderSpec, LlamaConfig } from '../../config/runConfig';
import {
  loadLlamaCheckpoint,
  tokenizerFromJson,
  tokenizerVocabSize,
} from '../../itemEncoders/llamaCheckpoint';
import { initScratchWeights, scratchLlamaConfig } from '../../itemEncoders/itemLlmModel';
import { readModelJson, type ModelFiles } from '../../itemEncoders/modelFiles';
import type { PromptTokenizer } from '../../itemEncoders/prompt';
import { ModelConfigError } from '../modelConfigError';
import type { HostParams } from '../recommender';

/** An Item LLM to start from: architecture, weights and the tokenizer its prompts go through. */
export interface ItemLlmSource {
  /** Model folder, Hub id or tokenizer folder (scratch), for messages and run notes. */
  source: string;
  config: LlamaConfig;
  /** `embed_tokens.weight`, `layers.*`, `norm.weight` (and `item_token` when already trained). */
  weights: HostParams;
  tokenizer: PromptTokenizer;
}

/** A seeded random Llama of `layers` × `width` over `tokenizer` (HLLM's from-scratch ablation). */
export function scratchItemLlm(
  tokenizer: PromptTokenizer,
  vocabSize: number,
  layers: number,
  width: number,
  seed: number,
  source: string,
): ItemLlmSource {
  const config = scratchLlamaConfig(vocabSize, layers, width);
  return {
    source: `scratch ${layers}×${width} over ${source}`,
    config,
    weights: initScratchWeights(config, seed),
    tokenizer,
  };
}

/**
 * Loads the Item LLM an encoder spec names: the Llama checkpoint of `frozen`/`finetune`, or the
 * tokenizer of `scratch` (tokenizer.json, tokenizer_config.json) with seeded random weights.
 * `filesOf` maps the spec's model or tokenizer name to its files (a folder in Node, the Hub in a browser).
 */
export async function loadItemLlmSource(
  spec: ItemEncoderSpec,
  filesOf: (name: string) => ModelFiles,
  seed: number,
): Promise<ItemLlmSource> {
  if (spec.kind === 'precomputed') {
    throw new ModelConfigError(
      'model.itemEncoder.kind',
      "'frozen', 'finetune' or 'scratch' to run an Item LLM",
      spec.kind,
    );
  }
  if (spec.kind === 'scratch') {
    const files = filesOf(spec.tokenizer);
    const tokenizer = tokenizerFromJson(
      await readModelJson(files, 'tokenizer.json'),
      await readModelJson(files, 'tokenizer_config.json'),
    );
    return scratchItemLlm(
      tokenizer,
      tokenizerVocabSize(tokenizer),
      spec.layers,
      spec.width,
      seed,
      files.source,
    );
  }
  const checkpoint = await loadLlamaCheckpoint(filesOf(spec.model));
  return {
    source: checkpoint.source,
    config: checkpoint.config,
    weights: checkpoint.params,
    tokenizer: checkpoint.tokenizer,
  };
}
