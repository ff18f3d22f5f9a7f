import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileDownloadProgress } from '../../src/compute/itemLlmFiles';
import { createTrainService } from '../../src/compute/trainService';
import { defaultItemEncoder, presetRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import type { TrainEvent } from '../../src/training/trainEvents';
import { createMemoryEmbeddingCache } from '../../src/itemEncoders/embeddingCache';
import { configureLocalModels } from '../../src/itemEncoders/transformersEnv';
import type { EncodeProgress } from '../../src/itemEncoders/progress';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

const MODELS = join(__dirname, '../../../shared/models');
const MODEL = 'tiny-random-llama-fp16';
const available = existsSync(join(MODELS, MODEL, 'onnx/model_fp16.onnx'));
if (!available) console.warn(`skipping Item LLM encoding tests: ${join(MODELS, MODEL)} is absent`);

const dataset = generateSyntheticDataset({ seed: 5, numItems: 24, numUsers: 10 });
const request = {
  model: MODEL,
  fields: ['title', 'description'],
  maxTextTokens: 32,
  dtype: 'fp16' as const,
  device: 'cpu' as const,
  batchSize: 8,
};

describe('Item LLM encoding in the train service', () => {
  it('is refused where no model source is set up', async () => {
    const result = await createTrainService().encodeItems(dataset, request, () => undefined);
    expect(result).toEqual({
      ok: false,
      failure: {
        kind: 'internal',
        message: 'Item LLM encoding is not set up in this environment.',
      },
    });
  });

  it.skipIf(!available)('encodes every item, reporting progress up to the item count', async () => {
    const service = createTrainService({ configureModels: () => configureLocalModels(MODELS) });
    const progress: EncodeProgress[] = [];
    const result = await service.encodeItems(dataset, request, (p) => progress.push(p));
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.value).toMatchObject({
      model: MODEL,
      items: 24,
      dim: 16,
      fields: request.fields,
    });
    expect(progress.at(-1)).toMatchObject({ done: 24, total: 24 });
  });

  it.skipIf(!available)('reports each model file while the model loads, ending done', async () => {
    const service = createTrainService({ configureModels: () => configureLocalModels(MODELS) });
    const files: FileDownloadProgress[] = [];
    const result = await service.encodeItems(
      dataset,
      request,
      () => undefined,
      (p) => files.push(p),
    );
    if (!result.ok) throw new Error(result.failure.message);
    const last = new Map(files.map((p) => [p.file, p]));
    expect([...last.keys()].sort()).toEqual([
      'config.json',
      'onnx/model_fp16.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const sizes: Record<string, number> = {};
    for (const file of last.keys()) sizes[file] = statSync(join(MODELS, MODEL, file)).size;
    for (const [file, p] of last) {
      expect(p).toEqual({
        source: MODEL,
        file,
        loaded: sizes[file],
        total: sizes[file],
        done: true,
      });
    }
    const first = files.find((p) => p.file === 'tokenizer.json');
    expect(first).toMatchObject({ loaded: 0, total: null, done: false });
    expect(files.filter((p) => p.file === 'tokenizer.json' && !p.done).length).toBeGreaterThan(2);
  });

  it.skipIf(!available)('HLLM trains over the encoded embeddings and says so', async () => {
    const service = createTrainService({ configureModels: () => configureLocalModels(MODELS) });
    await service.encodeItems(dataset, request, () => undefined);
    const base = presetRunConfig('classroom-quick', 'hllm');
    if (base.model.kind !== 'hllm') throw new Error('expected HLLM');
    // The paper's frozen ablation (the default run fine-tunes its Item LLM).
    const frozen = defaultItemEncoder('frozen');
    if (frozen === undefined) throw new Error('expected a frozen encoder');
    const config: RunConfig = {
      ...base,
      model: { ...base.model, itemEncoder: frozen },
      data: { ...base.data, maxHistory: 5, coldFraction: 0 },
      train: { ...base.train, epochs: 1, batchSize: 8, numNegatives: 8, warmupSteps: 0 },
    };
    const events: TrainEvent[] = [];
    const result = await service.train(dataset, config, (e) => events.push(e));
    if (!result.ok || result.value === null) throw new Error(JSON.stringify(events.at(-1)));
    const { record } = result.value;
    expect(record.config.model.kind === 'hllm' && record.config.model.itemEncoder).toEqual({
      kind: 'precomputed',
      path: `frozen-item-llm:${MODEL}`,
    });
    expect(
      record.notes.some((n) => n.includes(`frozen Item LLM ${MODEL} (last token, 16-d)`)),
    ).toBe(true);
  });

  it.skipIf(!available)('serves a second encoding of the same items from the cache', async () => {
    const memory = createMemoryEmbeddingCache();
    const service = createTrainService({
      configureModels: () => configureLocalModels(MODELS),
      openEmbeddingCache: async () => memory,
    });
    const first = await service.encodeItems(dataset, request, () => undefined);
    const second = await service.encodeItems(dataset, request, () => undefined);
    expect(first.ok && first.value.cached).toBe(0);
    expect(second.ok && second.value.cached).toBe(24);
  });

  it.skipIf(!available)('names the missing model folder', async () => {
    const service = createTrainService({ configureModels: () => configureLocalModels(MODELS) });
    const result = await service.encodeItems(
      dataset,
      { ...request, model: 'no-such-model' },
      () => undefined,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.message).toMatch(/no-such-model/);
  });
});
