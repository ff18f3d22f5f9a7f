import { describe, expect, it } from 'vitest';
import type { ItemEncodingSummary } from '../../src/compute/itemEncoding';
import type { EncodeProgress } from '../../src/itemEncoders/progress';
import {
  createItemLlmStore,
  PROMPT_SAMPLES,
  type ItemLlmClient,
} from '../../src/state/itemLlmStore';
import { smallDataset } from './summaryFixture';

const never = () => new Promise<never>(() => undefined);

function client(overrides: Partial<ItemLlmClient>): ItemLlmClient {
  return { samplePrompts: never, currentDataset: never, encodeItems: never, ...overrides };
}

describe('item LLM store', () => {
  it('asks the worker for prompts of the chosen fields and keeps the latest answer only', async () => {
    const asked: [string[], number][] = [];
    const store = createItemLlmStore(
      client({
        samplePrompts: async (fields, count) => {
          asked.push([fields, count]);
          return { ok: true, value: [{ index: 0, id: 'a', prompt: fields.join('+') }] };
        },
      }),
    );
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
    const store = createItemLlmStore(
      client({
        samplePrompts: async () => ({
          ok: false,
          failure: { kind: 'internal', message: 'No dataset is loaded.' },
        }),
      }),
    );
    await store.getState().preview(['title']);
    expect(store.getState()).toMatchObject({
      samples: [],
      failure: { message: 'No dataset is loaded.' },
    });
  });

  it('encodes the current dataset with the chosen fields and settings, showing progress', async () => {
    const dataset = smallDataset(3, 5);
    let report!: (p: EncodeProgress) => void;
    let finish!: (s: ItemEncodingSummary) => void;
    let asked: unknown;
    const store = createItemLlmStore(
      client({
        samplePrompts: async () => ({ ok: true, value: [] }),
        currentDataset: async () => dataset,
        encodeItems: (d, request, onProgress) => {
          asked = { d, request };
          report = onProgress;
          return new Promise((resolve) => (finish = (value) => resolve({ ok: true, value })));
        },
      }),
    );
    await store.getState().preview(['title']);
    store.getState().setRequest({ ...store.getState().request, batchSize: 4 });
    const done = store.getState().encode();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual({
      d: dataset,
      request: { ...store.getState().request, fields: ['title'] },
    });
    const progress = { done: 2, total: 5, cached: 0, itemsPerSecond: 10, etaSeconds: 0.3 };
    report(progress);
    expect(store.getState().progress).toEqual(progress);
    const summary = { model: 'm', fields: ['title'], items: 5, dim: 16, cached: 0, seconds: 1 };
    finish(summary);
    await done;
    expect(store.getState()).toMatchObject({ progress: null, encoded: summary, failure: null });
  });

  it('refuses to encode without a dataset', async () => {
    const store = createItemLlmStore(client({ currentDataset: async () => null }));
    await store.getState().encode();
    expect(store.getState()).toMatchObject({
      progress: null,
      failure: { message: 'No dataset is loaded.' },
    });
  });
});
