import { describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import { classroomLink, studentView } from '../../src/state/classroomLink';
import { HIDEABLE } from '../../src/state/hideable';
import { readUrlState, writeUrlState } from '../../src/state/urlState';
import { HIDEABLE_LABELS } from '../../src/ui/hideableLabels';

const fallback = () => presetRunConfig('classroom-quick', 'sasrec');

describe('classroom link', () => {
  it('reloads with the same config, model set, step and hidden controls', () => {
    const config = { ...presetRunConfig('cold-start-lab', 'hllm'), seed: 3 };
    const link = classroomLink('http://localhost:4211/', {
      config,
      models: ['hllm', 'sasrec'],
      step: 'train',
      hidden: ['train.epochs', 'precomputed', 'inspect'],
    });
    expect(link.startsWith('http://localhost:4211/?')).toBe(true);
    const url = new URL(link);
    expect(url.searchParams.get('models')).toBe('sasrec,hllm');
    expect(url.searchParams.get('hide')).toBe('inspect,precomputed,train.epochs');
    expect(readUrlState(url.search, fallback)).toEqual({
      config,
      models: ['sasrec', 'hllm'],
      rejected: [],
      step: 'train',
      hidden: ['inspect', 'precomputed', 'train.epochs'],
    });
  });

  it('leaves models= out for a single model and reports unknown models', () => {
    const config = fallback();
    expect(writeUrlState({ config, step: 'data', hidden: [], models: ['sasrec'] })).not.toContain(
      'models=',
    );
    const read = readUrlState('?models=hllm,gpt&step=train', fallback);
    expect(read.models).toEqual(['sasrec', 'hllm']);
    expect(read.rejected.some((r) => r.startsWith('models:') && r.includes('gpt'))).toBe(true);
  });

  it('previews what students will see and what is hidden, each with a label', () => {
    const view = studentView(['compare', 'seed']);
    expect(view.hidden).toEqual(['compare', 'seed']);
    expect(view.visible).not.toContain('compare');
    expect(view.visible.length + view.hidden.length).toBe(HIDEABLE.length);
    for (const name of HIDEABLE) expect(HIDEABLE_LABELS[name]).toMatch(/\w/);
    expect(new Set(HIDEABLE.map((name) => HIDEABLE_LABELS[name])).size).toBe(HIDEABLE.length);
  });
});
