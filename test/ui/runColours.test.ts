import { describe, expect, it } from 'vitest';
import { BASELINE_COLOUR, MODEL_COLOURS, runColours } from '../../src/ui/palette';

describe('runColours', () => {
  it('gives each model its colour on its first run', () => {
    expect(runColours(['hllm', 'sasrec'])).toEqual([MODEL_COLOURS.hllm, MODEL_COLOURS.sasrec]);
  });

  it('gives every later run of a model a colour no other run in the list holds', () => {
    const kinds = ['sasrec', 'sasrec', 'hllm', 'sasrec', 'hstu'] as const;
    const colours = runColours(kinds);
    expect(colours[0]).toBe(MODEL_COLOURS.sasrec);
    expect(colours[2]).toBe(MODEL_COLOURS.hllm);
    expect(colours[4]).toBe(MODEL_COLOURS.hstu);
    expect(new Set(colours).size).toBe(kinds.length);
    expect(colours).not.toContain(BASELINE_COLOUR);
  });
});
