import { describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import { matchingPreset, withModelKind } from '../../src/config/modelSwitch';
import type { RunConfig } from '../../src/config/runConfig';

describe('switching the model', () => {
  it('names the preset the settings equal, whatever the seed, and none once one is changed', () => {
    const faithful = { ...presetRunConfig('paper-faithful', 'hstu'), seed: 7 };
    expect(matchingPreset(faithful)).toBe('paper-faithful');
    expect(matchingPreset(presetRunConfig('classroom-quick', 'hllm'))).toBe('classroom-quick');
    expect(matchingPreset(presetRunConfig('cold-start-lab', 'llmidrec'))).toBe('cold-start-lab');
    const changed = { ...faithful, train: { ...faithful.train, epochs: 3 } };
    expect(matchingPreset(changed)).toBeNull();
  });

  it('keeps the data, split and training settings a user changed when the model changes', () => {
    const base = presetRunConfig('classroom-quick', 'sasrec');
    const custom: RunConfig = {
      ...base,
      seed: 9,
      data: { ...base.data, coldFraction: 0.2 },
      train: { ...base.train, epochs: 1, batchSize: 512 },
    };
    const hstu = withModelKind(custom, 'hstu');
    expect(hstu.model.kind).toBe('hstu');
    expect(hstu.seed).toBe(9);
    expect(hstu.data).toEqual(custom.data);
    expect(hstu.train).toEqual(custom.train);
    // HLLM trains differently (rate, schedule): its own settings, the split kept.
    const hllm = withModelKind(custom, 'hllm');
    expect(hllm.data).toEqual(custom.data);
    expect(hllm.train).toEqual(presetRunConfig('classroom-quick', 'hllm').train);
  });

  it('moves settings equal to a preset to that preset for the new model', () => {
    const lab = { ...presetRunConfig('cold-start-lab', 'sasrec'), seed: 3 };
    expect(withModelKind(lab, 'hllm')).toEqual({
      ...presetRunConfig('cold-start-lab', 'hllm'),
      seed: 3,
    });
  });
});
