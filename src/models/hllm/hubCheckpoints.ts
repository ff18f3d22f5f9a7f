import { defaultHllmConfig } from '../../config/defaults';
import type { HllmConfig, LlamaConfig } from '../../config/runConfig';
import { llamaParamCount } from '../llama/paramCount';
import { resolveUserLlm } from './createHllm';
import { fitSuggestions, planHllm, type FitSuggestion } from './hllmPlan';
import { hllmWorkload, type HllmRunShape } from './hllmWorkload';
import { WASM_BACKEND, WASM_HEAP_LIMIT, type MemoryBackend } from './memoryBackend';

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

/** The workload of the documented estimates: Amazon Scientific's scale. */
export const DOC_WORKLOAD: HllmRunShape & { textTokens: number } = {
  catalogueItems: 4385,
  batchSize: 16,
  maxHistory: 10,
  numNegatives: 128,
  gradClip: 1,
  textTokens: 64,
};

/** Item LLM modes in the documented table, as encoder settings of a checkpoint. */
export const DOC_MODES: readonly { name: string; topLayers: number | 'all'; lora: number }[] = [
  { name: 'frozen', topLayers: 0, lora: 0 },
  { name: 'top-2', topLayers: 2, lora: 0 },
  { name: 'LoRA r=8, all layers', topLayers: 'all', lora: 8 },
  { name: 'all layers', topLayers: 'all', lora: 0 },
];

/** One mode of a checkpoint under a run shape: its config, estimate, and what fits if it does not. */
export interface ModeFit {
  name: string;
  /** The HLLM config of the mode (User LLM from the checkpoint, its LoRA rank as the Item LLM's). */
  model: HllmConfig;
  totalBytes: number;
  fits: boolean;
  /** The nearest setting that fits, when the mode does not. */
  suggestion: FitSuggestion | null;
}

/**
 * Each documented mode of checkpoint `c` (named `model` in the config) under `shape`: the
 * estimate with the User LLM from the checkpoint, whether it fits `budgetBytes` on `backend`,
 * and otherwise the nearest setting that does.
 */
export function checkpointModes(
  c: HubCheckpoint,
  model: string,
  base: HllmConfig,
  shape: HllmRunShape & { textTokens: number },
  budgetBytes: number,
  backend: MemoryBackend = WASM_BACKEND,
): ModeFit[] {
  return DOC_MODES.map((m) => {
    const config = resolveUserLlm(
      {
        ...base,
        itemEncoder: { kind: 'finetune', model, topLayers: m.topLayers, lora: m.lora },
        maxTextTokens: shape.textTokens,
        userInit: 'checkpoint',
        userLayers: undefined,
        userLora: undefined,
        itemRows: undefined,
      },
      c.config,
    );
    const workload = hllmWorkload(config, c.config, shape);
    const plan = planHllm(workload, { budgetBytes }, backend);
    const fits = plan.refusal === null;
    return {
      name: m.name,
      model: config,
      totalBytes: plan.memory.total,
      fits,
      suggestion: fits
        ? null
        : (fitSuggestions(config, workload, { budgetBytes }, backend)[0] ?? null),
    };
  });
}

const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(2);

/**
 * Markdown table of each checkpoint's parameter count and estimated Wasm memory (GiB) per mode
 * under `DOC_WORKLOAD` with its real vocabulary; a mode over the 4 GiB heap is marked with the
 * nearest setting that fits.
 */
export function checkpointMemoryTable(): string {
  const header = `| checkpoint | params (M) | ${DOC_MODES.map((m) => `${m.name} (GiB)`).join(' | ')} |`;
  const rule = `|---|---:|${DOC_MODES.map(() => '---:').join('|')}|`;
  const rows = HUB_CHECKPOINTS.map((c) => {
    const base = defaultHllmConfig();
    const cells = checkpointModes(c, c.repo, base, DOC_WORKLOAD, WASM_HEAP_LIMIT).map((m) =>
      m.fits
        ? gib(m.totalBytes)
        : `${gib(m.totalBytes)} ✗${m.suggestion ? ` (fits with ${m.suggestion.label}: ${gib(m.suggestion.totalBytes)})` : ''}`,
    );
    const params = (llamaParamCount(c.config) / 1e6).toFixed(0);
    return `| ${c.repo} | ${params} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
