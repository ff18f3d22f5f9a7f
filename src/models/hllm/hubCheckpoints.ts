import type { LlamaConfig } from '../../config/runConfig';
import { estimateItemLlmMemory, llamaParamCount } from '../../itemEncoders/itemLlmMemory';
import type { FinetuneMode } from '../../itemEncoders/itemLlmModel';

/** A small Hub checkpoint a user can pick as Item LLM (`loadLlamaCheckpoint` reads it), with its architecture from config.json. */
export interface HubCheckpoint {
  repo: string;
  config: LlamaConfig;
  note: string;
}

/** SmolLM2-135M, Qwen2.5-0.5B and TinyLlama-1.1B, numbers from their public config.json files. */
export const HUB_CHECKPOINTS: readonly HubCheckpoint[] = [
  {
    repo: 'HuggingFaceTB/SmolLM2-135M',
    config: {
      hiddenSize: 576,
      intermediateSize: 1536,
      numLayers: 30,
      numHeads: 9,
      numKvHeads: 3,
      rmsNormEps: 1e-5,
      ropeTheta: 100000,
      vocabSize: 49152,
    },
    note: 'llama, tied embeddings',
  },
  {
    repo: 'Qwen/Qwen2.5-0.5B',
    config: {
      hiddenSize: 896,
      intermediateSize: 4864,
      numLayers: 24,
      numHeads: 14,
      numKvHeads: 2,
      rmsNormEps: 1e-6,
      ropeTheta: 1000000,
      vocabSize: 151936,
      attentionBias: 'qkv',
    },
    note: 'qwen2 (q/k/v biases), tied embeddings',
  },
  {
    repo: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
    config: {
      hiddenSize: 2048,
      intermediateSize: 5632,
      numLayers: 22,
      numHeads: 32,
      numKvHeads: 4,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      vocabSize: 32000,
    },
    note: 'llama',
  },
];

/** The workload the documented estimates assume. */
export const DOC_WORKLOAD = { batchItems: 256, catalogueItems: 10_000, maxTextTokens: 64 };

/** Fine-tuning modes in the documented table. */
export const DOC_MODES: readonly { name: string; mode: FinetuneMode }[] = [
  { name: 'frozen', mode: 'frozen' },
  { name: 'top-1', mode: { topLayers: 1 } },
  { name: 'top-4', mode: { topLayers: 4 } },
  { name: 'all', mode: 'all' },
];

const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);

/**
 * Markdown table of each checkpoint's parameter count and estimated float32 memory (GiB) per
 * fine-tuning mode under `DOC_WORKLOAD`, from `estimateItemLlmMemory`.
 */
export function checkpointMemoryTable(): string {
  const header = `| checkpoint | params (M) | ${DOC_MODES.map((m) => `${m.name} (GiB)`).join(' | ')} |`;
  const rule = `|---|---:|${DOC_MODES.map(() => '---:').join('|')}|`;
  const rows = HUB_CHECKPOINTS.map((c) => {
    const totals = DOC_MODES.map((m) =>
      gib(estimateItemLlmMemory({ config: c.config, mode: m.mode, ...DOC_WORKLOAD }).total),
    );
    const params = (llamaParamCount(c.config) / 1e6).toFixed(0);
    return `| ${c.repo} | ${params} | ${totals.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
