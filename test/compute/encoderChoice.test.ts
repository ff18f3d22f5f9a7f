import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeDatasetItems } from '../../src/compute/itemEncoding';
import { configureLocalModels } from '../../src/itemEncoders/transformersEnv';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

const MODELS = join(__dirname, '../../../shared/models');
const MODEL = 'tiny-random-llama-fp16';
const available = existsSync(join(MODELS, MODEL, 'onnx/model_fp16.onnx'));
if (!available)
  console.warn(`skipping encoder device choice tests: ${join(MODELS, MODEL)} is absent`);

describe('encodeDatasetItems with device auto', () => {
  it.skipIf(!available)(
    'times a warm-up on each candidate device and reports the choice',
    async () => {
      configureLocalModels(MODELS);
      const dataset = generateSyntheticDataset({ seed: 2, numItems: 12, numUsers: 6 });
      const request = {
        model: MODEL,
        fields: ['title'],
        maxTextTokens: 24,
        dtype: 'fp16' as const,
        batchSize: 4,
      };
      const auto = await encodeDatasetItems(dataset, { ...request, device: 'auto' });
      // Node has one candidate: onnxruntime-node's CPU; no WebGPU, so no adapter and no shader-f16.
      expect(auto.summary.device).toBe('cpu');
      expect(Object.keys(auto.summary.choice?.timings ?? {})).toEqual(['cpu']);
      expect(typeof auto.summary.choice?.timings.cpu).toBe('number');
      expect(auto.summary.adapter).toBeNull();
      expect(auto.summary.shaderF16).toBe(false);
      const fixed = await encodeDatasetItems(dataset, { ...request, device: 'cpu' });
      expect(fixed.summary.choice).toBeUndefined();
      expect(fixed.table.data).toEqual(auto.table.data);
    },
  );
});
