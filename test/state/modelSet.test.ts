import { describe, expect, it } from 'vitest';
import { defaultRunConfig, presetRunConfig } from '../../src/config/defaults';
import { matchingPreset } from '../../src/config/modelSwitch';
import {
  modelSetConfigs,
  parseModelSet,
  switchEditedModel,
  toggleModel,
} from '../../src/state/modelSet';

describe('model set', () => {
  it('adds and removes models in display order, keeping the edited one', () => {
    expect(toggleModel(['sasrec'], 'hllm', 'sasrec')).toEqual(['sasrec', 'hllm']);
    expect(toggleModel(['hllm', 'sasrec'], 'hstu', 'sasrec')).toEqual(['sasrec', 'hstu', 'hllm']);
    expect(toggleModel(['sasrec', 'hllm'], 'hllm', 'sasrec')).toEqual(['sasrec']);
    expect(toggleModel(['sasrec', 'hllm'], 'sasrec', 'sasrec')).toEqual(['sasrec', 'hllm']);
  });

  it('puts a newly edited model in the old one’s place', () => {
    expect(switchEditedModel(['sasrec'], 'sasrec', 'hllm')).toEqual(['hllm']);
    expect(switchEditedModel(['sasrec', 'hllm'], 'sasrec', 'hstu')).toEqual(['hstu', 'hllm']);
    expect(switchEditedModel(['sasrec', 'hllm'], 'sasrec', 'hllm')).toEqual(['hllm']);
  });

  it('gives every model its own config on one split and seed, the preset applied to each', () => {
    const config = { ...presetRunConfig('cold-start-lab', 'sasrec'), seed: 9 };
    const configs = modelSetConfigs(config, ['hllm', 'sasrec', 'hstu']);
    expect(configs.map((c) => c.model.kind)).toEqual(['sasrec', 'hstu', 'hllm']);
    expect(configs[0]).toBe(config);
    for (const c of configs) {
      expect(c.seed).toBe(9);
      expect(c.data).toEqual(config.data);
      expect(matchingPreset(c)).toBe('cold-start-lab');
    }
    // Each stays a plain serialisable config.
    expect(JSON.parse(JSON.stringify(configs))).toEqual(configs);
  });

  it('keeps custom data settings for every model and fits each config', () => {
    const base = defaultRunConfig('sasrec');
    const config = { ...base, data: { ...base.data, maxHistory: 7 } };
    const configs = modelSetConfigs(config, ['sasrec', 'hllm'], (c) => ({ ...c, seed: 1 }));
    expect(configs.map((c) => [c.model.kind, c.data.maxHistory, c.seed])).toEqual([
      ['sasrec', 7, 1],
      ['hllm', 7, 1],
    ]);
  });

  it('reads a models= value and reports unknown names', () => {
    expect(parseModelSet('hllm, SASRec')).toEqual({ models: ['sasrec', 'hllm'], problem: null });
    const read = parseModelSet('sasrec,bert4rec');
    expect(read.models).toEqual(['sasrec']);
    expect(read.problem).toContain('bert4rec');
  });
});
