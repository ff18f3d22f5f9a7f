import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HllmConfig, ItemEncoderSpec, LlamaConfig } from '../src/config/runConfig';
import { parseLlamaConfig } from '../src/itemEncoders/llamaCheckpoint';
import { resolveUserLlm } from '../src/models/hllm/createHllm';
import { estimateHllmMemory, type HllmMemory } from '../src/models/hllm/hllmMemory';
import { hllmWorkload, type HllmWorkload } from '../src/models/hllm/hllmWorkload';
import { hllmStepFlops } from '../src/models/hllm/stepFlops';
import {
  RANDOM_CHECKPOINTS,
  randomCheckpointDir,
  writeRandomCheckpoint,
  type RandomCheckpointName,
} from '../scripts/randomCheckpoint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MIB = 2 ** 20;

/** Amazon Scientific's scale, the issue's reference workload. */
export const FULL_SCALE = {
  items: 4385,
  textTokens: 64,
  batchSize: 16,
  history: 10,
  negatives: 128,
};

/** One measured configuration: a checkpoint shape, a mode, and the prefix of the catalogue run. */
export interface ScaleCase {
  name: string;
  checkpoint: RandomCheckpointName;
  /** The checkpoint folder (filled in by the runner). */
  dir: string;
  encoder: ItemEncoderSpec;
  userLora?: number;
  userLayers?: number;
  /** Items of the catalogue prefix actually run. */
  items: number;
  /** Items per Item LLM call (micro-batch and catalogue chunk), as at full scale. */
  itemRows: number;
  textTokens: number;
  batchSize: number;
  history: number;
  negatives: number;
  /** Training steps run (the first includes tracing and the moments' first allocation). */
  steps: number;
}

/** What a case's process measured. */
export interface ScaleResult {
  setupSeconds: number;
  stepSeconds: number[];
  /** Items per second of each catalogue pass (last chunk's running average). */
  passes: Partial<Record<string, number>>;
  setupMiB: number;
  trainedMiB: number;
  /** Heap after the steps, the catalogue's encoding and one user-encoding chunk: the peak. */
  peakMiB: number;
  /** The config as it ran (User LLM resolved). */
  config: HllmConfig;
}

/** A case's row: measured peak, the full-scale figure, the estimator beside them, speed. */
export interface ScaleRow {
  name: string;
  prefixItems: number;
  itemRows: number;
  measuredMiB: number | null;
  /** Measured peak plus what grows with the catalogue, at 4,385 items. */
  fullMiB: number | null;
  estimatePrefixMiB: number;
  estimateFullMiB: number;
  /** The estimator at full scale with the checkpoint's real vocabulary. */
  estimateRealVocabMiB: number;
  /** Host bytes of the cached text states at full scale (top-k). */
  hostCacheMiB: number;
  stepSeconds: number | null;
  gflopPerStep: number;
  gflops: number | null;
  /** Catalogue pass throughput (items/s). */
  passItemsPerSecond: number | null;
  error?: string;
}

const finetune = (topLayers: number | 'all', lora = 0): ItemEncoderSpec => ({
  kind: 'finetune',
  model: 'checkpoint',
  topLayers,
  lora,
});

/** The issue's modes on both checkpoint shapes; `quick` keeps the SmolLM2 cases only. */
export function scaleCases(): Omit<ScaleCase, 'dir'>[] {
  const common = { textTokens: 64, batchSize: 16, history: 10, negatives: 128 };
  const smol = { checkpoint: 'smollm2-135m' as const, items: 32, itemRows: 16, ...common };
  const qwen = { checkpoint: 'qwen2.5-0.5b' as const, items: 16, itemRows: 8, ...common };
  return [
    { name: 'SmolLM2-135M frozen', ...smol, encoder: finetune(0), steps: 2 },
    { name: 'SmolLM2-135M top-2', ...smol, encoder: finetune(2), steps: 2 },
    { name: 'SmolLM2-135M LoRA r=8, all layers', ...smol, encoder: finetune('all', 8), steps: 1 },
    { name: 'SmolLM2-135M all layers', ...smol, encoder: finetune('all'), steps: 1 },
    { name: 'Qwen2.5-0.5B frozen', ...qwen, encoder: finetune(0), steps: 1 },
    {
      name: 'Qwen2.5-0.5B top-2, User LLM LoRA r=8',
      ...qwen,
      encoder: finetune(2),
      userLora: 8,
      steps: 1,
    },
    { name: 'Qwen2.5-0.5B LoRA r=8, all layers', ...qwen, encoder: finetune('all', 8), steps: 1 },
  ];
}

/** The estimator's workload of a case at `items` catalogue items and a vocabulary. */
function workloadOf(c: ScaleCase, checkpoint: LlamaConfig, items: number): HllmWorkload {
  const model: HllmConfig = {
    kind: 'hllm',
    user: checkpoint,
    itemEncoder: c.encoder,
    textFields: ['title', 'description'],
    maxTextTokens: c.textTokens,
    itemRows: c.itemRows,
    ...(c.userLora === undefined ? {} : { userLora: c.userLora }),
    ...(c.userLayers === undefined ? {} : { userLayers: c.userLayers }),
  };
  return hllmWorkload(resolveUserLlm(model, checkpoint), checkpoint, {
    catalogueItems: items,
    batchSize: c.batchSize,
    maxHistory: c.history,
    numNegatives: Math.min(c.negatives, items - 1),
    gradClip: 1,
  });
}

/** Runs a case in a fresh Node process and parses its result line. */
function runCase(c: ScaleCase): ScaleResult | { error: string } {
  let output: string;
  try {
    output = execFileSync('npx', ['tsx', 'bench/itemLlmScaleCase.ts', JSON.stringify(c)], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * MIB,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  const line = output.split('\n').find((l) => l.startsWith('RESULT '));
  return line === undefined
    ? { error: 'no result (the process died)' }
    : (JSON.parse(line.slice('RESULT '.length)) as ScaleResult | { error: string });
}

const mib = (bytes: number) => bytes / MIB;
const round = (v: number, digits = 0) => Number(v.toFixed(digits));

/** The row of one measured case (or its error), with the estimator and the full-scale figures. */
export function scaleRow(c: ScaleCase, result: ScaleResult | { error: string }): ScaleRow {
  const config = RANDOM_CHECKPOINTS[c.checkpoint];
  const cut = parseLlamaConfig({ ...config, vocab_size: 32000 }, c.checkpoint);
  const real = parseLlamaConfig(config, c.checkpoint);
  const prefix: HllmMemory = estimateHllmMemory(workloadOf(c, cut, c.items));
  const full = estimateHllmMemory(workloadOf(c, cut, FULL_SCALE.items));
  const realVocab = estimateHllmMemory(workloadOf(c, real, FULL_SCALE.items));
  const flops = hllmStepFlops(workloadOf(c, cut, FULL_SCALE.items));
  const ok = !('error' in result);
  // What grows with the catalogue, from the prefix to full scale (the estimator's own parts).
  const growth = full.tables - prefix.tables;
  const step = ok ? result.stepSeconds[result.stepSeconds.length - 1] : null;
  const passRates = ok ? Object.values(result.passes).filter((v) => v !== undefined) : [];
  return {
    name: c.name,
    prefixItems: c.items,
    itemRows: c.itemRows,
    measuredMiB: ok ? round(result.peakMiB) : null,
    fullMiB: ok ? round(result.peakMiB + mib(growth)) : null,
    estimatePrefixMiB: round(mib(prefix.total)),
    estimateFullMiB: round(mib(full.total)),
    estimateRealVocabMiB: round(mib(realVocab.total)),
    hostCacheMiB: round(mib(full.hostCache)),
    stepSeconds: step === null ? null : round(step, 1),
    gflopPerStep: round(flops.total / 1e9, 1),
    gflops: step === null ? null : round(flops.total / 1e9 / step, 2),
    passItemsPerSecond: passRates.length > 0 ? round(Math.min(...passRates), 2) : null,
    ...(ok ? {} : { error: result.error }),
  };
}

/** The BENCHMARKS.md table of the rows. */
export function formatScaleTable(rows: ScaleRow[]): string {
  const cell = (v: number | null) => (v === null ? '—' : String(v));
  const gib = (v: number | null) => (v === null ? '—' : (v / 1024).toFixed(2));
  return [
    '| case | prefix items | rows/call | measured (MiB) | full scale (GiB) | estimate full (GiB) | real vocab (GiB) | host cache (MiB) | s/step | GFLOP/step | GFLOP/s | pass items/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name}${r.error ? ` (${r.error})` : ''} | ${r.prefixItems} | ${r.itemRows} | ${cell(r.measuredMiB)} | ${gib(r.fullMiB)} | ${gib(r.estimateFullMiB)} | ${gib(r.estimateRealVocabMiB)} | ${r.hostCacheMiB} | ${cell(r.stepSeconds)} | ${r.gflopPerStep} | ${cell(r.gflops)} | ${cell(r.passItemsPerSecond)} |`,
    ),
  ].join('\n');
}

/**
 * Peak jax-js Wasm heap and speed of HLLM at real checkpoint sizes (random weights in the shapes
 * of SmolLM2-135M and Qwen2.5-0.5B, vocabulary cut to 32,000, written by
 * scripts/randomCheckpoint.ts), each case in its own process on a prefix of the catalogue with
 * the full-scale micro-batch: set-up (boundary cache), training steps (batch 16 × history 10,
 * 128 negatives or fewer on the prefix, 64 text tokens), the catalogue's encoding and one chunk of
 * user encoding. Full-scale figures add what grows with the catalogue (item tables) from the
 * estimator. `ITEMLLM_SCALE_CASES` (comma-separated substrings of case names) picks cases.
 */
export async function benchItemLlmScale(): Promise<{ rows: ScaleRow[]; table: string }> {
  const wanted = process.env.ITEMLLM_SCALE_CASES?.split(',').map((s) => s.trim().toLowerCase());
  const cases = scaleCases().filter(
    (c) => wanted === undefined || wanted.some((w) => c.name.toLowerCase().includes(w)),
  );
  const rows: ScaleRow[] = [];
  for (const base of cases) {
    const dir = randomCheckpointDir(base.checkpoint, 'node');
    await writeRandomCheckpoint(base.checkpoint, dir);
    const c: ScaleCase = {
      ...base,
      dir,
      encoder: { ...(base.encoder as { model: string }), model: dir } as ItemEncoderSpec,
    };
    console.log(`itemllm-scale: ${c.name} …`);
    const row = scaleRow(c, runCase(c));
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const table = formatScaleTable(rows);
  console.log(table);
  return { rows, table };
}
