import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HllmConfig, ItemEncoderSpec, LlamaConfig } from '../src/config/runConfig';
import { parseLlamaConfig } from '../src/itemEncoders/llamaCheckpoint';
import { resolveUserLlm } from '../src/models/hllm/createHllm';
import { estimateHllmMemory, type HllmMemory } from '../src/models/hllm/hllmMemory';
import { fitSuggestions, planHllm } from '../src/models/hllm/hllmPlan';
import { hllmWorkload, ITEM_ROWS, type HllmWorkload } from '../src/models/hllm/hllmWorkload';
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

/** One measured configuration: a checkpoint shape, a mode, the plan and the prefix it runs. */
export interface ScaleCase {
  name: string;
  checkpoint: RandomCheckpointName;
  /** The checkpoint folder (filled in by the runner). */
  dir: string;
  encoder: ItemEncoderSpec;
  userLora?: number;
  userLayers?: number;
  /** The run's memory budget: the issue's target, or the 4 GiB heap where the target is the set-up's. */
  budgetMiB: number;
  /** The issue's target, and whether it bounds the set-up (frozen encoding) or the whole run. */
  targetMiB: number;
  targetPhase: 'setup' | 'peak';
  /** Take the nearest fitting setting when the case as given does not fit (else report the refusal). */
  fit: boolean;
  /** A fixed micro-batch (deep modes on this CPU); planned when absent. */
  fixedItemRows?: number;
  /** Items of the catalogue prefix actually run: two planned micro-batches, at least 16 items. */
  items: number;
  /** Items per Item LLM call (micro-batch and catalogue chunk), planned at full scale. */
  itemRows: number;
  /** Layers per recomputed stage of the Item LLM backward, planned at full scale. */
  stageLayers: number;
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
  /** The setting the plan applied to fit the budget ('' when the case fit as given). */
  applied: string;
  budgetMiB: number;
  targetMiB: number;
  targetPhase: 'setup' | 'peak';
  /** Measured set-up peak (boundary cache, frozen encoding) in MiB. */
  setupMiB: number | null;
  prefixItems: number;
  itemRows: number;
  stageLayers: number;
  measuredMiB: number | null;
  /** Measured peak plus what grows with the catalogue (item tables), at 4,385 items. */
  fullMiB: number | null;
  estimatePrefixMiB: number;
  estimateFullMiB: number;
  /** The estimator at full scale with the checkpoint's real vocabulary. */
  estimateRealVocabMiB: number;
  /** Host bytes of the cached text states at full scale (top-k). */
  hostCacheMiB: number;
  /** Seconds of the last measured step on the prefix, its FLOPs and the achieved rate. */
  stepSeconds: number | null;
  prefixGflopPerStep: number;
  gflops: number | null;
  /** FLOPs of a full-scale step, and its time at the measured rate. */
  gflopPerStep: number;
  projectedStepSeconds: number | null;
  /** Slowest catalogue pass (items/s). */
  passItemsPerSecond: number | null;
  /** The measured process's raw figures. */
  result: ScaleResult | null;
  error?: string;
}

/** A case before planning: checkpoint shape, mode and the target budget. */
type CaseSpec = Omit<ScaleCase, 'dir' | 'items' | 'itemRows' | 'stageLayers'>;

const finetune = (topLayers: number | 'all', lora = 0): ItemEncoderSpec => ({
  kind: 'finetune',
  model: 'checkpoint',
  topLayers,
  lora,
});

/** The issue's modes on both checkpoint shapes, each with its target. */
export function scaleCases(): CaseSpec[] {
  // Two steps: from the second on every AdamW moment exists (the steady state's peak).
  const common = {
    textTokens: 64,
    batchSize: 16,
    history: 10,
    negatives: 128,
    steps: 2,
    fit: true,
    targetPhase: 'peak' as const,
  };
  const smol = { checkpoint: 'smollm2-135m' as const, ...common };
  const qwen = { checkpoint: 'qwen2.5-0.5b' as const, ...common };
  const encode = { budgetMiB: 4096, targetPhase: 'setup' as const };
  return [
    {
      name: 'SmolLM2-135M frozen',
      ...smol,
      ...encode,
      encoder: finetune(0),
      targetMiB: 1024,
      fixedItemRows: 64,
    },
    {
      name: 'SmolLM2-135M top-2',
      ...smol,
      encoder: finetune(2),
      budgetMiB: 2048,
      targetMiB: 2048,
    },
    {
      name: 'SmolLM2-135M LoRA r=8, all layers',
      ...smol,
      encoder: finetune('all', 8),
      budgetMiB: 2560,
      targetMiB: 2560,
      fixedItemRows: 16,
    },
    {
      // Run against the whole heap, so that the estimate is checked against what it measures.
      name: 'SmolLM2-135M all layers',
      ...smol,
      encoder: finetune('all'),
      budgetMiB: 4096,
      targetMiB: 3584,
      fixedItemRows: 8,
      fit: false,
    },
    {
      name: 'Qwen2.5-0.5B frozen',
      ...qwen,
      ...encode,
      encoder: finetune(0),
      targetMiB: 2560,
      fixedItemRows: 64,
    },
    {
      name: 'Qwen2.5-0.5B top-2',
      ...qwen,
      encoder: finetune(2),
      budgetMiB: 3584,
      targetMiB: 3584,
      fixedItemRows: 16,
    },
    {
      name: 'Qwen2.5-0.5B LoRA r=8, all layers',
      ...qwen,
      encoder: finetune('all', 8),
      budgetMiB: 3584,
      targetMiB: 3584,
      fixedItemRows: 8,
    },
    {
      name: 'Qwen2.5-0.5B all layers',
      ...qwen,
      encoder: finetune('all'),
      budgetMiB: 3584,
      targetMiB: 3584,
      fit: false,
    },
  ];
}

/** The checkpoint's architecture with the shared tokenizer's vocabulary (as written) or its own. */
function architecture(name: RandomCheckpointName, realVocabulary: boolean): LlamaConfig {
  const config = RANDOM_CHECKPOINTS[name];
  return parseLlamaConfig(realVocabulary ? config : { ...config, vocab_size: 32000 }, name);
}

/** The HLLM config of a case over a checkpoint of architecture `checkpoint`. */
function modelOf(c: CaseSpec, checkpoint: LlamaConfig, itemRows?: number): HllmConfig {
  return resolveUserLlm(
    {
      kind: 'hllm',
      user: checkpoint,
      itemEncoder: c.encoder,
      textFields: ['title', 'description'],
      maxTextTokens: c.textTokens,
      ...(itemRows === undefined ? {} : { itemRows }),
      ...(c.userLora === undefined ? {} : { userLora: c.userLora }),
      ...(c.userLayers === undefined ? {} : { userLayers: c.userLayers }),
    },
    checkpoint,
  );
}

/** The estimator's workload of a case at `items` catalogue items. */
function workloadOf(
  c: Omit<ScaleCase, 'dir'>,
  checkpoint: LlamaConfig,
  items: number,
): HllmWorkload {
  return hllmWorkload(
    modelOf(c, checkpoint, c.itemRows),
    checkpoint,
    {
      catalogueItems: items,
      batchSize: c.batchSize,
      maxHistory: c.history,
      numNegatives: Math.min(c.negatives, items - 1),
      gradClip: 1,
    },
    { stageLayers: c.stageLayers },
  );
}

/**
 * Plans a case at full scale under its budget: the micro-batch and stage size the run would use,
 * and, when the case as given does not fit, the nearest setting that does (applied); the
 * refusal when nothing fits.
 */
export function planCase(
  spec: CaseSpec,
): { c: Omit<ScaleCase, 'dir'>; applied: string } | { refusal: string } {
  const cut = architecture(spec.checkpoint, false);
  const options = {
    budgetBytes: spec.budgetMiB * MIB,
    fixedItemRows: spec.fixedItemRows !== undefined,
  };
  const draft = {
    ...spec,
    items: FULL_SCALE.items,
    itemRows: spec.fixedItemRows ?? ITEM_ROWS,
    stageLayers: 1,
  };
  const workload = workloadOf(draft, cut, FULL_SCALE.items);
  let plan = planHllm(workload, options);
  let applied = '';
  let c: Omit<ScaleCase, 'dir'> = draft;
  if (plan.refusal !== null) {
    const fit = spec.fit ? fitSuggestions(modelOf(spec, cut), workload, options)[0] : undefined;
    if (fit === undefined) {
      const fits = fitSuggestions(modelOf(spec, cut), workload, options)[0];
      return {
        refusal: `${plan.refusal}${fits === undefined ? '' : `; it fits with ${fits.label}`}`,
      };
    }
    applied = fit.label;
    c = {
      ...draft,
      encoder: fit.model.itemEncoder ?? draft.encoder,
      userLora: fit.model.userLora ?? draft.userLora,
      userLayers: fit.model.userLayers ?? draft.userLayers,
      textTokens: fit.model.maxTextTokens ?? draft.textTokens,
    };
    plan = planHllm(workloadOf(c, cut, FULL_SCALE.items), options);
  }
  const { itemRows, stageLayers } = plan.workload;
  // Two micro-batches of the planned size (the second adds into the first's gradients, as every
  // later one of a full-scale step does), at least 16 items; one chunk when nothing trains.
  const chunks = plan.workload.mode === 'frozen' ? 1 : 2;
  return { c: { ...c, itemRows, stageLayers, items: Math.max(chunks * itemRows, 16) }, applied };
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
export function scaleRow(
  c: ScaleCase,
  applied: string,
  result: ScaleResult | { error: string },
): ScaleRow {
  const cut = architecture(c.checkpoint, false);
  const prefix: HllmMemory = estimateHllmMemory(workloadOf(c, cut, c.items));
  const full = estimateHllmMemory(workloadOf(c, cut, FULL_SCALE.items));
  const realVocab = estimateHllmMemory(
    workloadOf(c, architecture(c.checkpoint, true), FULL_SCALE.items),
  );
  const fullFlops = hllmStepFlops(workloadOf(c, cut, FULL_SCALE.items)).total;
  const prefixFlops = hllmStepFlops(workloadOf(c, cut, c.items)).total;
  const ok = !('error' in result);
  // What grows with the catalogue, from the prefix to full scale (the estimator's own parts).
  const growth = full.tables - prefix.tables;
  const step = ok ? result.stepSeconds[result.stepSeconds.length - 1] : null;
  const rate = step === null ? null : prefixFlops / step;
  const passRates = ok ? Object.values(result.passes).filter((v) => v !== undefined) : [];
  return {
    name: c.name,
    applied,
    budgetMiB: c.budgetMiB,
    targetMiB: c.targetMiB,
    targetPhase: c.targetPhase,
    setupMiB: ok ? round(result.setupMiB) : null,
    prefixItems: c.items,
    itemRows: c.itemRows,
    stageLayers: c.stageLayers,
    measuredMiB: ok ? round(result.peakMiB) : null,
    fullMiB: ok ? round(result.peakMiB + mib(growth)) : null,
    estimatePrefixMiB: round(mib(prefix.total)),
    estimateFullMiB: round(mib(full.total)),
    estimateRealVocabMiB: round(mib(realVocab.total)),
    hostCacheMiB: round(mib(full.hostCache)),
    stepSeconds: step === null ? null : round(step, 1),
    prefixGflopPerStep: round(prefixFlops / 1e9, 1),
    gflops: rate === null ? null : round(rate / 1e9, 2),
    gflopPerStep: round(fullFlops / 1e9, 1),
    projectedStepSeconds: rate === null ? null : round(fullFlops / rate, 0),
    passItemsPerSecond: passRates.length > 0 ? round(Math.min(...passRates), 2) : null,
    result: ok ? result : null,
    ...(ok ? {} : { error: result.error }),
  };
}

/** The BENCHMARKS.md table of the rows. */
export function formatScaleTable(rows: ScaleRow[]): string {
  const cell = (v: number | null) => (v === null ? '—' : String(v));
  const gib = (v: number | null) => (v === null ? '—' : (v / 1024).toFixed(2));
  return [
    '| case | target (GiB) | budget (GiB) | applied to fit | rows/call, layers/stage | prefix items | set-up (GiB) | measured peak (GiB) | full scale (GiB) | estimate full (GiB) | real vocab estimate (GiB) | host cache (MiB) | s/step (prefix) | GFLOP/s | GFLOP/step (full) | s/step (full, projected) | pass items/s |',
    '|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name}${r.error ? ` (${r.error})` : ''} | ${(r.targetMiB / 1024).toFixed(1)} (${r.targetPhase === 'setup' ? 'encode' : 'run'}) | ${(r.budgetMiB / 1024).toFixed(1)} | ${r.applied || '—'} | ${r.itemRows}, ${r.stageLayers} | ${r.prefixItems} | ${gib(r.setupMiB)} | ${gib(r.measuredMiB)} | ${gib(r.fullMiB)} | ${gib(r.estimateFullMiB)} | ${gib(r.estimateRealVocabMiB)} | ${r.hostCacheMiB} | ${cell(r.stepSeconds)} | ${cell(r.gflops)} | ${r.gflopPerStep} | ${cell(r.projectedStepSeconds)} | ${cell(r.passItemsPerSecond)} |`,
    ),
  ].join('\n');
}

/**
 * Peak jax-js Wasm heap and speed of HLLM at real checkpoint sizes (random weights in the shapes
 * of SmolLM2-135M and Qwen2.5-0.5B, vocabulary cut to 32,000, written by
 * scripts/randomCheckpoint.ts). Each case is planned at Amazon Scientific's scale (4,385 items,
 * batch 16 × history 10, 128 negatives, 64 text tokens) with the issue's target as its memory
 * budget (the nearest fitting setting applied when the case as given does not fit), then runs in
 * its own process on a prefix of the catalogue with the planned micro-batch and stage size:
 * set-up (boundary cache or frozen encoding), training steps, the catalogue's encoding and one
 * chunk of user encoding. Full-scale figures add what grows with the catalogue (item tables).
 * `ITEMLLM_SCALE_CASES` (comma-separated substrings of case names) picks cases.
 */
export async function benchItemLlmScale(): Promise<{
  rows: ScaleRow[];
  refused: { name: string; refusal: string }[];
  table: string;
}> {
  const wanted = process.env.ITEMLLM_SCALE_CASES?.split(',').map((s) => s.trim().toLowerCase());
  const specs = scaleCases().filter(
    (c) => wanted === undefined || wanted.some((w) => c.name.toLowerCase().includes(w)),
  );
  const rows: ScaleRow[] = [];
  const refused: { name: string; refusal: string }[] = [];
  for (const spec of specs) {
    const planned = planCase(spec);
    if ('refusal' in planned) {
      console.log(`itemllm-scale: ${spec.name} refused: ${planned.refusal}`);
      refused.push({ name: spec.name, refusal: planned.refusal });
      continue;
    }
    const dir = randomCheckpointDir(spec.checkpoint, 'node');
    await writeRandomCheckpoint(spec.checkpoint, dir);
    const c: ScaleCase = {
      ...planned.c,
      dir,
      encoder: { ...(planned.c.encoder as { model: string }), model: dir } as ItemEncoderSpec,
    };
    console.log(`itemllm-scale: ${c.name} (${planned.applied || 'as given'}) …`);
    const row = scaleRow(c, planned.applied, runCase(c));
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const table = [
    formatScaleTable(rows),
    ...refused.map((r) => `\n${r.name}: refused — ${r.refusal}`),
  ].join('\n');
  console.log(table);
  return { rows, refused, table };
}
