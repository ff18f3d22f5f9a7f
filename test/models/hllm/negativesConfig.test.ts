import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../../src/config/defaults';
import { parseRunConfig } from '../../../src/config/parseRunConfig';
import type { HllmConfig } from '../../../src/config/runConfig';

const withNegatives = (negatives: unknown) => {
  const config = defaultRunConfig('hllm');
  return { ...config, model: { ...config.model, negatives } };
};

describe('model.negatives in the run config', () => {
  it('is absent unless given (re-encoded negatives)', () => {
    const parsed = parseRunConfig(defaultRunConfig('hllm'));
    expect(parsed.rejected).toEqual([]);
    expect((parsed.config.model as HllmConfig).negatives).toBeUndefined();
  });

  it('accepts epoch-cache and names a wrong value', () => {
    const ok = parseRunConfig(withNegatives('epoch-cache'));
    expect(ok.rejected).toEqual([]);
    expect((ok.config.model as HllmConfig).negatives).toBe('epoch-cache');
    const bad = parseRunConfig(withNegatives('sometimes'));
    expect(bad.rejected.join('\n')).toMatch(/model\.negatives/);
    expect((bad.config.model as HllmConfig).negatives).toBe('reencode');
  });
});
