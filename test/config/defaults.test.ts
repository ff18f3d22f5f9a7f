import { describe, expect, it } from 'vitest';
import {
  COLD_START_FRACTION,
  defaultRunConfig,
  MODEL_KINDS,
  PRESET_NAMES,
  presetRunConfig,
} from '../../src/config/defaults';
import { parseRunConfig, validateRunConfig } from '../../src/config/parseRunConfig';

describe('defaultRunConfig and presets', () => {
  it('gives SASRec d=50, 2 blocks, 1 head, dropout 0.2 and histories of 50', () => {
    const config = defaultRunConfig('sasrec');
    expect(config.model).toMatchObject({ hiddenSize: 50, numLayers: 2, numHeads: 1, dropout: 0.2 });
    expect(config.data.maxHistory).toBe(50);
    expect(config.train).toMatchObject({
      learningRate: 1e-3,
      batchSize: 128,
      evalEvery: 1,
      patience: 3,
      earlyStopMetric: 'N@200',
      schedule: 'constant',
      warmupFraction: 0,
    });
    // HLLM as the official config: cosine decay after warming up over 10% of the steps.
    expect(defaultRunConfig('hllm').train).toMatchObject({
      schedule: 'cosine',
      warmupFraction: 0.1,
    });
  });

  it('paper-faithful follows the official trainer: no clipping, patience 5 (HLLM) or 10', () => {
    for (const kind of MODEL_KINDS) {
      const paper = presetRunConfig('paper-faithful', kind).train;
      expect(paper.gradClip).toBe(0);
      expect(paper.patience).toBe(kind === 'hllm' ? 5 : 10);
      expect(paper.earlyStopMetric).toBe('N@200');
    }
  });

  it('every kind and preset passes its own parser and fits the default dataset', () => {
    for (const kind of MODEL_KINDS) {
      const configs = [
        defaultRunConfig(kind),
        ...PRESET_NAMES.map((p) => presetRunConfig(p, kind)),
      ];
      for (const config of configs) {
        expect(config.model.kind).toBe(kind);
        const parsed = parseRunConfig(config);
        expect(parsed.rejected).toEqual([]);
        expect(parsed.config).toEqual(config);
        expect(
          validateRunConfig(config, { numItems: 3000, textFields: ['title', 'description'] }),
        ).toEqual([]);
      }
    }
  });

  it('classroom-quick is lighter than paper-faithful', () => {
    for (const kind of MODEL_KINDS) {
      const quick = presetRunConfig('classroom-quick', kind);
      const paper = presetRunConfig('paper-faithful', kind);
      expect(quick.train.epochs).toBeLessThan(paper.train.epochs);
      expect(quick.data.maxHistory).toBeLessThan(paper.data.maxHistory);
    }
  });

  it('holds items out only in the cold-start lab; every run chunks long histories', () => {
    for (const kind of MODEL_KINDS) {
      expect(defaultRunConfig(kind).data.coldFraction).toBe(0);
      for (const preset of PRESET_NAMES) {
        const config = presetRunConfig(preset, kind);
        expect(config.data.coldFraction, preset).toBe(
          preset === 'cold-start-lab' ? COLD_START_FRACTION : 0,
        );
        expect(config.data.chunkHistories, preset).toBe(true);
      }
    }
  });

  it('returns a fresh object each call', () => {
    const a = defaultRunConfig('hllm');
    a.data.maxHistory = 3;
    expect(defaultRunConfig('hllm').data.maxHistory).toBe(50);
  });
});
