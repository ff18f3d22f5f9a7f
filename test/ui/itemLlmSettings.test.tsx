// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemLlmPlan } from '../../src/compute/itemLlmPlan';
import type { CuratedCheckpoint } from '../../src/compute/curatedCheckpoints';
import { defaultHllmConfig } from '../../src/config/defaults';
import type { HllmConfig, RunConfig } from '../../src/config/runConfig';
import { smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

const MIB = 2 ** 20;

/** A plan answer: 10 MiB weights, over the 8 MiB budget when `refused` (with one way to fit). */
function plan(refused: boolean): ItemLlmPlan {
  const memory = {
    weights: 10 * MIB,
    optimizer: 2 * MIB,
    activations: 3 * MIB,
    tables: MIB,
    setup: 0,
    hostCache: 0,
    hostTable: 0,
    largestBuffer: MIB,
    total: 16 * MIB,
  };
  return {
    source: '/models/tiny-llama/',
    architectureFrom: 'config.json',
    params: 26_000,
    itemLayers: 2,
    memory,
    budgetBytes: refused ? 8 * MIB : 64 * MIB,
    deviceBudgetBytes: 64 * MIB,
    itemRows: 32,
    stageLayers: 1,
    refusal: refused ? 'HLLM needs about 16.0 MiB but 8.0 MiB is available; shrink it' : null,
    suggestions: refused
      ? [
          {
            label: 'LoRA r=8 on the User LLM',
            model: { userLora: 8 },
            train: {},
            totalBytes: 7 * MIB,
          },
        ]
      : [],
    modes: [
      { name: 'frozen', totalBytes: 4 * MIB, fits: true },
      { name: 'all layers', totalBytes: 16 * MIB, fits: !refused },
    ],
  };
}

async function onTrainStep(refused: boolean) {
  const planned: { config: RunConfig; numItems: number }[] = [];
  const summary = smallSummary(30, 40);
  const rendered = renderApp(
    fakeClients(
      { loadSynthetic: async () => ({ ok: true, value: summary }) },
      {
        hubCheckpoints: async () => ({ ok: true, value: [] }),
        planItemLlm: async (config, numItems) => {
          planned.push({ config, numItems });
          return { ok: true, value: plan(refused) };
        },
      },
    ),
    '?step=train&model.kind=hllm',
  );
  await act(() => rendered.stores.data.getState().loadSynthetic());
  return { ...rendered, planned };
}

describe('HLLM Item LLM settings in the Train step', () => {
  it('switches to fine-tuning the top layers with LoRA and shows the memory estimate', async () => {
    const { stores, planned } = await onTrainStep(false);
    expect(screen.queryByTestId('item-llm-memory')).toBeNull();
    fireEvent.change(screen.getByLabelText('Item LLM mode'), { target: { value: 'top-k' } });
    fireEvent.change(screen.getByLabelText(/^Checkpoint/), { target: { value: 'tiny-llama' } });
    fireEvent.change(screen.getByLabelText('LoRA rank (0 = off)'), { target: { value: '4' } });
    fireEvent.change(screen.getByLabelText('Negatives'), { target: { value: 'epoch-cache' } });
    const model = stores.training.getState().config.model;
    expect(model.kind === 'hllm' && model.itemEncoder).toEqual({
      kind: 'finetune',
      model: 'tiny-llama',
      topLayers: 1,
      lora: 4,
    });
    expect(model.kind === 'hllm' && model.negatives).toBe('epoch-cache');
    const memory = await screen.findByTestId('item-llm-memory', {}, { timeout: 2000 });
    expect(memory.textContent).toContain('16.0 MiB of 64.0 MiB');
    expect(memory.textContent).toContain(
      'It runs 32 items per Item LLM call, 1 layer per recomputed stage',
    );
    expect(memory.getAttribute('data-fits')).toBe('yes');
    expect(screen.getByTestId('item-llm-modes').textContent).toContain('frozen4.0 MiByes');
    expect(planned.at(-1)?.numItems).toBe(40);
    expect(planned.at(-1)?.config.model).toEqual(model);
    expect(screen.getByTestId('hllm-note').textContent).toMatch(/Both LLMs train together/);
  });

  it('names what to shrink when the run would be refused, and refuses bad numbers', async () => {
    const { stores } = await onTrainStep(true);
    fireEvent.change(screen.getByLabelText('Item LLM mode'), { target: { value: 'scratch' } });
    const memory = await screen.findByTestId('item-llm-memory', {}, { timeout: 2000 });
    expect(memory.getAttribute('data-fits')).toBe('no');
    expect(memory.textContent).toMatch(/This run would be refused: HLLM needs about 16.0 MiB/);
    // A refused run cannot start.
    const start = screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(screen.getByTestId('config-problems').textContent).toMatch(
      /This run would be refused: HLLM needs about 16.0 MiB/,
    );
    const suggestions = screen.getByTestId('item-llm-suggestions');
    expect(suggestions.textContent).toContain('Fits with LoRA r=8 on the User LLM (7.0 MiB)');
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const applied = stores.training.getState().config.model;
    expect(applied.kind === 'hllm' && applied.userLora).toBe(8);
    const width = screen.getByLabelText('Scratch width (multiple of 8)') as HTMLInputElement;
    fireEvent.change(width, { target: { value: 'wide' } });
    expect(width.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(width, { target: { value: '32' } });
    const model = stores.training.getState().config.model;
    expect(model.kind === 'hllm' && model.itemEncoder).toMatchObject({
      kind: 'scratch',
      width: 32,
    });
    fireEvent.change(screen.getByLabelText('Item LLM mode'), { target: { value: 'frozen' } });
    expect(screen.queryByTestId('item-llm-memory')).toBeNull();
  });
});

describe('Item LLM step: checkpoint to fine-tune', () => {
  const modeModel = (topLayers: number | 'all', lora: number): HllmConfig => ({
    ...defaultHllmConfig(),
    itemEncoder: { kind: 'finetune', model: 'org/small', topLayers, lora },
    userInit: 'checkpoint',
  });
  const curated: CuratedCheckpoint = {
    repo: 'org/small',
    note: 'llama',
    params: 135e6,
    modes: [
      {
        name: 'frozen',
        model: modeModel(0, 0),
        totalBytes: 600 * MIB,
        fits: true,
        suggestion: null,
      },
      {
        name: 'all layers',
        model: modeModel('all', 0),
        totalBytes: 5 * 2 ** 30,
        fits: false,
        suggestion: {
          label: 'LoRA r=8 on the User LLM',
          model: { userLora: 8 },
          train: {},
          totalBytes: 3 * 2 ** 30,
        },
      },
    ],
    workload: {
      catalogueItems: 4385,
      batchSize: 16,
      maxHistory: 10,
      numNegatives: 128,
      gradClip: 1,
      textTokens: 64,
    },
    budgetBytes: 4 * 2 ** 30,
  };

  async function onItemLlmStep(train: Parameters<typeof fakeClients>[1]) {
    const summary = smallSummary(30, 40);
    const rendered = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          samplePrompts: async () => ({ ok: true, value: [] }),
        },
        { hubCheckpoints: async () => ({ ok: true, value: [curated] }), ...train },
      ),
      '?step=itemLlm',
    );
    await act(() => rendered.stores.data.getState().loadSynthetic());
    return rendered;
  }

  it('lists curated checkpoints with size and memory, and makes one the next fine-tuning run', async () => {
    const { stores } = await onItemLlmStep({});
    const table = await screen.findByTestId('hub-checkpoints');
    expect(table.textContent).toContain(
      'org/small135M600.0 MiB ✓Use5.0 GiB ✗ fits with LoRA r=8 on the User LLMUsellama',
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Fine-tune org/small in the next HLLM run' }),
    );
    const model = stores.training.getState().config.model;
    expect(model.kind === 'hllm' && model.itemEncoder).toEqual({
      kind: 'finetune',
      model: 'org/small',
      topLayers: 'all',
      lora: 0,
    });
    // "Use" on a mode that does not fit applies the nearest setting that does.
    fireEvent.click(
      screen.getByRole('button', { name: 'Use org/small all layers in the next HLLM run' }),
    );
    const fitting = stores.training.getState().config.model;
    expect(fitting.kind === 'hllm' && fitting.userLora).toBe(8);
    expect(fitting.kind === 'hllm' && fitting.userInit).toBe('checkpoint');
  });

  it('shows per-file download progress, and the reason when a fetch fails', async () => {
    const fetched: string[] = [];
    await onItemLlmStep({
      fetchItemLlm: async (name, files, onProgress) => {
        fetched.push(name);
        if (name === 'org/offline') {
          return {
            ok: false,
            failure: {
              kind: 'internal',
              message: 'org/offline@main: config.json: could not fetch',
            },
          };
        }
        onProgress({ source: name, file: files[0], loaded: MIB, total: 2 * MIB, done: false });
        await new Promise((r) => setTimeout(r, 0));
        return {
          ok: true,
          value: files.map((file) => ({ source: name, file, loaded: MIB, total: MIB, done: true })),
        };
      },
    });
    const input = screen.getByLabelText(/^Folder under \/models\/ or Hub id/);
    fireEvent.change(input, { target: { value: 'tiny-llama' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Fetch its files' }));
    });
    const list = await screen.findByTestId('item-llm-downloads');
    expect(list.querySelectorAll('li')).toHaveLength(4);
    expect(list.textContent).toContain('model.safetensors: 1.0 MiB of 1.0 MiB — done');
    fireEvent.change(input, { target: { value: 'org/offline' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Fetch its files' }));
    });
    expect((await screen.findByRole('alert')).textContent).toContain('could not fetch');
    expect(fetched).toEqual(['tiny-llama', 'org/offline']);
  });
});

describe('Item LLM step: encoder device badge', () => {
  it('shows the device, adapter, f16 support and the measured warm-up choice', async () => {
    const summary = smallSummary(30, 40);
    const { stores } = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          samplePrompts: async () => ({ ok: true, value: [] }),
        },
        { hubCheckpoints: async () => ({ ok: true, value: [] }) },
      ),
      '?step=itemLlm',
    );
    await act(() => stores.data.getState().loadSynthetic());
    expect(screen.queryByTestId('encoder-device')).toBeNull();
    expect(stores.itemLlm.getState().request.device).toBe('auto');
    act(() =>
      stores.itemLlm.setState({
        encoded: {
          model: 'tiny',
          fields: ['title'],
          items: 40,
          dim: 16,
          cached: 0,
          seconds: 1,
          device: 'wasm',
          choice: { device: 'wasm', timings: { webgpu: 'fp16 needs shader-f16', wasm: 12.4 } },
          shaderF16: false,
          adapter: 'google / swiftshader',
        },
      }),
    );
    const badge = screen.getByTestId('encoder-device');
    expect(badge.getAttribute('data-device')).toBe('wasm');
    expect(badge.textContent).toBe(
      'Encoder on Wasm — google / swiftshader — no shader-f16 — warm-up: webgpu failed (fp16 needs shader-f16), wasm 12 ms; fastest kept',
    );
  });
});

describe('Item LLM step: caches', () => {
  it('shows what each cache holds and empties them on request', async () => {
    const full = [
      { name: 'Model files', holds: 'Cache API x', entries: 4, bytes: 2 * MIB },
      { name: 'Item embeddings', holds: 'IndexedDB y', entries: 3000, bytes: MIB / 2 },
    ];
    let cleared = 0;
    const summary = smallSummary(30, 40);
    const { stores } = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          samplePrompts: async () => ({ ok: true, value: [] }),
        },
        {
          hubCheckpoints: async () => ({ ok: true, value: [] }),
          cacheStatus: async () => ({ ok: true, value: cleared > 0 ? [] : full }),
          clearCaches: async () => {
            cleared += 1;
            return { ok: true, value: full.map((c) => ({ ...c, entries: 0, bytes: 0 })) };
          },
        },
      ),
      '?step=itemLlm',
    );
    await act(() => stores.data.getState().loadSynthetic());
    const status = await screen.findByText(/Item embeddings/);
    expect(status.textContent).toBe('Item embeddings (IndexedDB y): 3,000 entries, 512.0 KiB');
    expect(screen.getByTestId('cache-status').textContent).toContain(
      'Model files (Cache API x): 4 entries, 2.0 MiB',
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Clear the caches' }));
    });
    expect(cleared).toBe(1);
    expect(screen.getByTestId('cache-status').textContent).toContain('0 entries, 0 B');
    expect(
      (screen.getByRole('button', { name: 'Clear the caches' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});
