import { describe, expect, it } from 'vitest';
import { defaultRunConfig, presetRunConfig } from '../../src/config/defaults';
import { readUrlState, writeUrlState } from '../../src/state/urlState';

const fallback = () => presetRunConfig('classroom-quick', 'sasrec');

describe('URL state', () => {
  it('round-trips the whole run config, the step and the hide list', () => {
    const config = { ...defaultRunConfig('hstu'), seed: 7 };
    const search = writeUrlState({ config, step: 'compare', hidden: ['train.loss', 'inspect'] });
    const read = readUrlState(search, fallback);
    expect(read).toEqual({
      config,
      models: ['hstu'],
      rejected: [],
      step: 'compare',
      hidden: ['train.loss', 'inspect'],
    });
  });

  it('uses the fallback config when the address has none', () => {
    expect(readUrlState('?step=train', fallback)).toEqual({
      config: fallback(),
      models: ['sasrec'],
      rejected: [],
      step: 'train',
      hidden: [],
    });
  });

  it('reports refused parameters and an unknown step, keeping the rest', () => {
    const read = readUrlState('?model.kind=sasrec&train.epochs=zero&seed=5&step=nowhere', fallback);
    expect(read.config.seed).toBe(5);
    expect(read.config.train.epochs).toBe(defaultRunConfig('sasrec').train.epochs);
    expect(read.rejected.some((r) => r.startsWith('train.epochs'))).toBe(true);
    expect(read.rejected.some((r) => r.startsWith('step:') && r.includes('nowhere'))).toBe(true);
    expect(read.step).toBeNull();
  });

  it('accepts repeated and comma-separated hide values', () => {
    expect(readUrlState('?hide=preset,%20seed&hide=itemLlm', fallback).hidden).toEqual([
      'preset',
      'seed',
      'itemLlm',
    ]);
  });
});
