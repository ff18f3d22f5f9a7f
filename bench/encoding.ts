import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { pipeline } from '@huggingface/transformers';
import { paddedTokenCount, planBuckets, planNaiveBatches } from '../src/itemEncoders/bucketing';
import { loadFrozenEncoder } from '../src/itemEncoders/frozenEncoder';
import { buildItemPrompt } from '../src/itemEncoders/prompt';
import { configureLocalModels } from '../src/itemEncoders/transformersEnv';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
const MODELS = join(ROOT, '../shared/models');
const TEXTS = join(ROOT, '../shared/data/amazon-scientific-unisrec/Scientific.text.gz');
const BATCH = 32;
const ITEMS = 1024;
const MAX_TEXT_TOKENS = 256;

/** HLLM prompts of the Amazon Scientific items (`title` = the UniSRec text). */
function loadPrompts(): string[] {
  const lines = gunzipSync(readFileSync(TEXTS)).toString('utf8').split('\n').slice(1);
  return lines
    .filter((line) => line.includes('\t'))
    .map((line) => buildItemPrompt({ title: line.split('\t')[1].trim() }, ['title']));
}

/** One encoder model to benchmark. */
interface BenchModel {
  root: string;
  name: string;
  dtype: 'fp16' | 'fp32';
}

const BENCH_MODELS: BenchModel[] = [
  { root: MODELS, name: 'tiny-random-llama-fp16', dtype: 'fp16' },
  { root: join(ROOT, 'test/fixtures'), name: 'tiny-llama', dtype: 'fp32' },
];

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

/** Bucketed vs input-order batches vs the plain pipeline, for one model. */
async function benchModel(m: BenchModel, prompts: string[]): Promise<Record<string, unknown>> {
  configureLocalModels(m.root);
  const encoder = await loadFrozenEncoder({
    model: m.name,
    dtype: m.dtype,
    device: 'cpu',
    pooling: 'last',
    maxTextTokens: MAX_TEXT_TOKENS,
  });
  const lengths = prompts.map((p) => encoder.tokenize(p).length);
  await encoder.encodeTexts(prompts.slice(0, BATCH), { batchSize: BATCH });
  const bucketedS = await time(() => encoder.encodeTexts(prompts, { batchSize: BATCH }));
  const naiveS = await time(() =>
    encoder.encodeTexts(prompts, { batchSize: BATCH, bucketing: false }),
  );
  await encoder.dispose();

  const extractor = await pipeline('feature-extraction', m.name, { dtype: m.dtype, device: 'cpu' });
  const pipelineS = await time(async () => {
    for (let i = 0; i < prompts.length; i += BATCH) {
      await extractor(prompts.slice(i, i + BATCH), { pooling: 'last_token' });
    }
  });
  await extractor.dispose();

  const rate = (s: number) => Math.round(prompts.length / s);
  return {
    model: `${m.name} (${m.dtype}, onnxruntime-node cpu)`,
    tokensPerItem: {
      min: Math.min(...lengths),
      max: Math.max(...lengths),
      mean: Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length),
    },
    truncatedItems: lengths.filter((n) => n >= MAX_TEXT_TOKENS).length,
    paddedTokens: {
      bucketed: paddedTokenCount(lengths, planBuckets(lengths, BATCH)),
      naive: paddedTokenCount(lengths, planNaiveBatches(lengths, BATCH)),
    },
    itemsPerSecond: { bucketed: rate(bucketedS), naive: rate(naiveS), pipeline: rate(pipelineS) },
  };
}

/**
 * Items/s of the frozen encoder over the first Amazon Scientific item texts (HLLM prompts),
 * batch 32, CPU: length-bucketed batches vs input-order batches vs transformers.js's own
 * `pipeline('feature-extraction')` (last-token pooling, input-order batches), on the shared tiny
 * Llama (fp16, 32k vocab, computes logits too) and on the committed tiny-llama fixture (fp32,
 * character tokens, hidden states only). The pipeline truncates at the model's maximum length
 * rather than at maxTextTokens; `truncatedItems` says how many items that concerns.
 */
export async function benchEncoding(): Promise<Record<string, unknown>> {
  if (!existsSync(TEXTS)) return { skipped: `needs ${TEXTS}` };
  const prompts = loadPrompts().slice(0, ITEMS);
  const results: Record<string, unknown>[] = [];
  for (const m of BENCH_MODELS) {
    if (existsSync(join(m.root, m.name))) results.push(await benchModel(m, prompts));
    else results.push({ model: m.name, skipped: `needs ${join(m.root, m.name)}` });
  }
  return { items: prompts.length, batchSize: BATCH, maxTextTokens: MAX_TEXT_TOKENS, results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchEncoding().then((figures) => console.log(JSON.stringify(figures, null, 2)));
}
