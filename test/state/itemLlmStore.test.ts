import { describe, expect, it } from 'vitest';
import { createItemLlmStore, PROMPT_SAMPLES } from '../../src/state/itemLlmStore';

describe('item LLM store', () => {
  it('asks the worker for prompts of the chosen fields and keeps the latest answer only', async () => {
    const asked: [string[], number][] = [];
    const store = createItemLlmStore({
      samplePrompts: async (fields, count) => {
        asked.push([fields, count]);
        return { ok: true, value: [{ index: 0, id: 'a', prompt: fields.join('+') }] };
      },
    });
    const first = store.getState().preview(['title']);
    const second = store.getState().preview(['description', 'title']);
    await Promise.all([first, second]);
    expect(asked).toEqual([
      [['title'], PROMPT_SAMPLES],
      [['description', 'title'], PROMPT_SAMPLES],
    ]);
    expect(store.getState().fields).toEqual(['description', 'title']);
    expect(store.getState().samples[0].prompt).toBe('description+title');
  });

  it('shows the failure and no stale samples', async () => {
    const store = createItemLlmStore({
      samplePrompts: async () => ({
        ok: false,
        failure: { kind: 'internal', message: 'No dataset is loaded.' },
      }),
    });
    await store.getState().preview(['title']);
    expect(store.getState()).toMatchObject({
      samples: [],
      failure: { message: 'No dataset is loaded.' },
    });
  });
});
