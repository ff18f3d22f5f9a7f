// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import { HIDEABLE } from '../../src/state/hideable';
import { NUMBER_FIELDS } from '../../src/ui/train/configFields';
import type { RunConfig } from '../../src/config/runConfig';
import type { Dataset } from '../../src/dataset/types';
import { fakeRun } from '../state/runFixture';
import { smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

/** Renders the app on the Train step with a loaded 40-item dataset. */
async function onTrainStep(search: string, train: Parameters<typeof fakeClients>[1] = {}) {
  const summary = smallSummary(30, 40);
  const rendered = renderApp(
    fakeClients({ loadSynthetic: async () => ({ ok: true, value: summary }) }, train),
    search,
  );
  await act(() => rendered.stores.data.getState().loadSynthetic());
  return rendered;
}

describe('Train step', () => {
  it('says what HLLM runs over and explains why problems block the start', async () => {
    const { stores } = await onTrainStep('?step=train');
    const model = screen.getByLabelText('Model') as HTMLSelectElement;
    const hllm = within(model).getByRole('option', { name: /HLLM/ }) as HTMLOptionElement;
    expect(hllm.textContent).toContain('User LLM over item embeddings');
    expect(screen.queryByTestId('hllm-note')).toBeNull();
    fireEvent.change(model, { target: { value: 'hllm' } });
    expect(stores.training.getState().config.model.kind).toBe('hllm');
    // The default run is HLLM itself: the Item LLM fine-tuned with the User LLM.
    expect((screen.getByLabelText('Item LLM mode') as HTMLSelectElement).value).toBe('all');
    expect(screen.getByTestId('item-llm-random-weights').textContent).toMatch(
      /tiny-llama-random has random weights/,
    );
    expect(screen.getByTestId('hllm-note').textContent).toMatch(/^Both LLMs train together/);
    fireEvent.change(screen.getByLabelText('Item LLM mode'), { target: { value: 'frozen' } });
    expect(screen.getByTestId('hllm-note').textContent).toMatch(/^No items are encoded yet/);
    act(() =>
      stores.itemLlm.setState({
        encoded: { model: 'tiny', fields: ['title'], items: 40, dim: 16, cached: 0, seconds: 1 },
      }),
    );
    expect(screen.getByTestId('hllm-note').textContent).toMatch(
      /^HLLM will use the 16-d embeddings of tiny/,
    );
    const problems = screen.getByTestId('config-problems');
    expect(problems.textContent).toMatch(/numNegatives: 128 negatives but the dataset has only 40/);
    expect(
      (screen.getByRole('button', { name: 'Start training' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('keeps the dataset while a run trains, and asks before the page is left', async () => {
    const { stores } = await onTrainStep('?step=data');
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(false);
    act(() => stores.training.setState({ status: 'running' }));
    const synthetic = screen.getByRole('button', { name: 'Use the embedded synthetic dataset' });
    expect((synthetic as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('data-busy').textContent).toMatch(/A run is training/);
    expect(leave()).toBe(true);
    act(() => stores.training.setState({ status: 'finished' }));
    expect((synthetic as HTMLButtonElement).disabled).toBe(false);
    expect(leave()).toBe(false);
  });

  it("gives HLLM the dataset's own text fields and the Item LLM step's choice", async () => {
    const { stores } = await onTrainStep('?step=train');
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'hllm' } });
    const fields = () => {
      const model = stores.training.getState().config.model;
      return model.kind === 'hllm' ? model.textFields : [];
    };
    // The dataset has only `title`: the default title + description would block the start.
    expect(fields()).toEqual(['title']);
    expect(screen.getByTestId('hllm-text-fields').textContent).toMatch(/title/);
    expect(screen.queryByTestId('config-problems')?.textContent ?? '').not.toMatch(/textFields/);
    // An empty choice is not a prompt: the run keeps its fields.
    act(() => stores.itemLlm.setState({ fields: [] }));
    expect(fields()).toEqual(['title']);
  });

  it('shows the preset the settings equal, and keeps the split when the model changes', async () => {
    const { stores } = await onTrainStep('?step=train');
    const preset = screen.getByLabelText('Apply preset') as HTMLSelectElement;
    expect(preset.value).toBe('classroom-quick');
    fireEvent.change(screen.getByLabelText('Epochs'), { target: { value: '1' } });
    expect(preset.value).toBe('');
    expect(preset.selectedOptions[0].textContent).toMatch(/custom settings/);
    const before = stores.training.getState().config;
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'hstu' } });
    const after = stores.training.getState().config;
    expect(after.model.kind).toBe('hstu');
    expect(after.data).toEqual(before.data);
    expect(after.train.epochs).toBe(1);
  });

  it('lists how the run departs from the official settings, and none after the faithful preset', async () => {
    const { stores } = await onTrainStep('?step=train');
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'sasrec' } });
    fireEvent.change(screen.getByLabelText('Apply preset'), {
      target: { value: 'cold-start-lab' },
    });
    const panel = screen.getByTestId('official-deviations');
    expect(panel.textContent).toMatch(/differences? from the official HLLM settings/);
    expect(panel.textContent).toContain('10% of items held out as new');
    fireEvent.change(screen.getByLabelText('Apply preset'), {
      target: { value: 'paper-faithful' },
    });
    expect(stores.training.getState().config.train.negativeSampling).toBe('per-position');
    expect(screen.getByTestId('official-deviations').textContent).toMatch(
      /^Follows the official HLLM settings/,
    );
  });

  it('shows typed text that is not a number instead of dropping it, and edits the config', async () => {
    const { stores } = await onTrainStep('?step=train');
    const epochs = screen.getByLabelText('Epochs') as HTMLInputElement;
    fireEvent.change(epochs, { target: { value: 'ten' } });
    expect(epochs.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('expected a number')).toBeTruthy();
    fireEvent.change(epochs, { target: { value: '3' } });
    expect(stores.training.getState().config.train.epochs).toBe(3);
    fireEvent.change(screen.getByLabelText('Negatives (InfoNCE)'), { target: { value: '16' } });
    expect(screen.queryByTestId('config-problems')).toBeNull();
  });

  it('starts a run on the current dataset and shows the result beside popularity', async () => {
    let trained: { dataset: Dataset; config: RunConfig } | undefined;
    const dataset = { name: 'current' } as Dataset;
    const summary = smallSummary(30, 40);
    const { stores } = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          currentDataset: async () => dataset,
        },
        {
          train: async (d, config, onEvent) => {
            trained = { dataset: d, config };
            onEvent({ kind: 'step', step: 1, epoch: 0, loss: 2, seqPerSec: 10, etaSec: 1 });
            return { ok: true, value: fakeRun(0, 'sasrec', 25, 3) };
          },
        },
      ),
      '?step=train&train.numNegatives=16&train.epochs=2',
    );
    await act(() => stores.data.getState().loadSynthetic());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Start training' }));
    });
    expect(trained?.dataset).toBe(dataset);
    expect(trained?.config.train.epochs).toBe(2);
    expect(screen.getByTestId('train-status').dataset.status).toBe('finished');
    const table = screen.getByTestId('run-summary');
    expect(within(table).getByRole('row', { name: /SASRec/ }).textContent).toContain('25.00');
    expect(within(table).getByRole('row', { name: /Popularity/ }).textContent).toContain('3.00');
    expect(stores.runs.getState().runs).toHaveLength(1);
    expect(screen.getByTestId('run-data').textContent).toContain(
      '10 test cases (cold 0, long-tail 4',
    );
  });

  it('hides the settings and steps named in hide=', async () => {
    await onTrainStep('?step=train&hide=train.loss,seed,preset,inspect');
    expect(screen.queryByLabelText('Loss')).toBeNull();
    expect(screen.queryByLabelText('Seed')).toBeNull();
    expect(screen.queryByLabelText('Apply preset')).toBeNull();
    expect(screen.getByLabelText('Epochs')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Playground steps' });
    expect(within(nav).queryByRole('button', { name: /Inspect/ })).toBeNull();
  });

  it('lists refused address parameters, unknown hide= values included', async () => {
    await onTrainStep('?step=train&train.epochs=-4&hide=precomputed,train.epoch');
    const problems = screen.getByTestId('url-problems').textContent ?? '';
    expect(problems).toContain('train.epochs');
    expect(problems).toMatch(/hide: unknown value train\.epoch; expected any of data, itemLlm/);
    expect(screen.queryByTestId('precomputed-comparison')).toBeNull();
    expect(screen.getByLabelText('Epochs')).toBeTruthy();
  });

  it('can hide every number setting of the Train step by its path', () => {
    for (const field of NUMBER_FIELDS) expect(HIDEABLE).toContain(field.path);
  });
});

describe('Compare and Inspect steps', () => {
  it('say plainly that there is nothing to show before a run finishes', () => {
    const { stores } = renderApp(fakeClients());
    act(() => stores.ui.getState().goTo('compare'));
    expect(
      screen.getByText(/No run has finished yet \(runs are kept in this browser/),
    ).toBeTruthy();
    act(() => stores.ui.getState().goTo('inspect'));
    expect(screen.getByText(/No run has finished in this tab yet/)).toBeTruthy();
  });

  it('compare every run and the baseline on the chosen slice, and warn when splits differ', () => {
    const { stores } = renderApp(fakeClients(), '?step=compare');
    act(() => {
      stores.runs.getState().add(fakeRun(0, 'sasrec', 20, 2, 'a'));
      stores.runs.getState().add(fakeRun(1, 'hstu', 30, 2, 'b'));
    });
    const table = screen.getByTestId('compare-table');
    expect(within(table).getByRole('row', { name: /#2 HSTU/ }).textContent).toContain('30.00');
    fireEvent.change(screen.getByLabelText('Slice'), { target: { value: 'short' } });
    expect(within(table).getByRole('row', { name: /#2 HSTU/ }).textContent).toContain('10.00');
    fireEvent.change(screen.getByLabelText('Slice'), { target: { value: 'cold' } });
    expect(within(table).getAllByText('no cases').length).toBeGreaterThan(0);
    expect(screen.getByText(/split fingerprints differ/)).toBeTruthy();
    expect(screen.getByTestId('run-details').textContent).toContain('#2: toy, split b, wasm, 3s');
    fireEvent.click(screen.getByRole('button', { name: 'Remove run #1' }));
    expect(stores.runs.getState().runs.map((r) => r.id)).toEqual([1]);
    expect(screen.queryByText(/split fingerprints differ/)).toBeNull();
  });

  it('inspect shows a test user with the target marked in the model top list', async () => {
    const item = (index: number) => ({ index, id: `i${index}`, title: `<b>Item ${index}</b>` });
    const { stores } = renderApp(
      fakeClients(
        {},
        {
          testCaseCount: async () => ({ ok: true, value: 5 }),
          inspect: async (_runId, caseIndex) => ({
            ok: true,
            value: {
              caseIndex,
              userId: `user-${caseIndex}`,
              history: [item(1), item(2)],
              target: item(3),
              targetCold: caseIndex === 1,
              targetTrainCount: 0,
              modelRank: 1,
              modelTop: [item(4), item(3)],
              popularityRank: 40,
              popularityTop: [item(9)],
            },
          }),
        },
      ),
      '?step=inspect',
    );
    // A run saved by an earlier page load is #1 in Compare: this tab's first run is #2 everywhere.
    const earlier = fakeRun(7, 'hstu', 10, 2).record;
    act(() =>
      stores.runs.setState({ history: [{ key: 'earlier', record: earlier, savedAt: 'then' }] }),
    );
    act(() => stores.runs.getState().add(fakeRun(0, 'sasrec', 20, 2)));
    const option = within(screen.getByLabelText('Run')).getByRole('option', { name: /SASRec/ });
    expect(option.textContent).toMatch(/^#2 SASRec/);
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Run'), { target: { value: '0' } });
    });
    expect(screen.getByText('History of user user-0 (oldest first)')).toBeTruthy();
    const modelList = screen.getByTestId('inspect-model');
    expect(modelList.querySelector('.hit')?.textContent).toContain('<b>Item 3</b>');
    expect(document.querySelector('b')).toBeNull();
    expect(screen.getByTestId('inspect-target').textContent).toContain('(0 training interactions)');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next user' }));
    });
    expect(screen.getByText('History of user user-1 (oldest first)')).toBeTruthy();
    expect(screen.getByTestId('inspect-target').textContent).toContain('never seen in training');
  });
});

describe('Item LLM step', () => {
  it('previews the exact prompts and lets fields be dropped and reordered', async () => {
    const asked: string[][] = [];
    const summary = { ...smallSummary(4, 4), textFields: ['title', 'description'] };
    const { stores } = renderApp(
      fakeClients({
        loadSynthetic: async () => ({ ok: true, value: summary }),
        samplePrompts: async (fields) => {
          asked.push(fields);
          return { ok: true, value: [{ index: 0, id: 'i0', prompt: `P(${fields.join(',')})` }] };
        },
      }),
      '?step=itemLlm',
    );
    await act(() => stores.data.getState().loadSynthetic());
    expect(screen.getByTestId('item-prompts').textContent).toContain('P(title,description)');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Move description earlier' }));
    });
    expect(screen.getByTestId('item-prompts').textContent).toContain('P(description,title)');
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'title' }));
    });
    expect(asked[asked.length - 1]).toEqual(['description']);
    // The chosen fields are the HLLM run's prompt fields.
    act(() => stores.training.getState().setConfig(presetRunConfig('classroom-quick', 'hllm')));
    const model = stores.training.getState().config.model;
    expect(model.kind === 'hllm' && model.textFields).toEqual(['description']);
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'title' }));
    });
    const after = stores.training.getState().config.model;
    expect(after.kind === 'hllm' && after.textFields).toEqual(['description', 'title']);
  });
});

describe('Item LLM encoding', () => {
  it('encodes the current dataset in the train worker and reports the result', async () => {
    const summary = { ...smallSummary(4, 4), textFields: ['title'] };
    const dataset = { name: 'current' } as Dataset;
    let request: unknown;
    const { stores } = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          currentDataset: async () => dataset,
          samplePrompts: async () => ({ ok: true, value: [] }),
        },
        {
          encodeItems: async (_d, r, onProgress) => {
            request = r;
            onProgress({ done: 4, total: 4, cached: 0, itemsPerSecond: 8, etaSeconds: 0 });
            return {
              ok: true,
              value: {
                model: r.model,
                fields: r.fields,
                items: 4,
                dim: 16,
                cached: 1,
                seconds: 0.5,
              },
            };
          },
        },
      ),
      '?step=itemLlm',
    );
    await act(() => stores.data.getState().loadSynthetic());
    fireEvent.change(screen.getByLabelText('Batch size'), { target: { value: '2' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Encode all items' }));
    });
    expect(request).toMatchObject({
      model: 'tiny-random-llama-fp16',
      batchSize: 2,
      fields: ['title'],
    });
    const status = screen.getByTestId('encode-status');
    expect(status.dataset.state).toBe('done');
    expect(status.textContent).toContain('Encoded 4 items with tiny-random-llama-fp16 (16-d');
    expect(status.textContent).toContain('1 from the embeddings cache');
  });

  it("shows each model file while the model loads, in the fetch step's list", async () => {
    const summary = { ...smallSummary(4, 4), textFields: ['title'] };
    let finish: (() => void) | undefined;
    const { stores } = renderApp(
      fakeClients(
        {
          loadSynthetic: async () => ({ ok: true, value: summary }),
          currentDataset: async () => ({ name: 'current' }) as Dataset,
          samplePrompts: async () => ({ ok: true, value: [] }),
        },
        {
          encodeItems: (_d, r, _onProgress, onFileProgress) => {
            const file = (name: string, loaded: number, total: number | null, done: boolean) =>
              onFileProgress?.({ source: r.model, file: name, loaded, total, done });
            file('config.json', 0, null, false);
            file('onnx/model.onnx', 0, null, false);
            file('config.json', 2 ** 20, 2 ** 20, true);
            file('onnx/model.onnx', 16 * 2 ** 20, 64 * 2 ** 20, false);
            return new Promise((resolve) => {
              finish = () => {
                file('onnx/model.onnx', 64 * 2 ** 20, 64 * 2 ** 20, true);
                resolve({
                  ok: true,
                  value: {
                    model: r.model,
                    fields: r.fields,
                    items: 4,
                    dim: 16,
                    cached: 0,
                    seconds: 1,
                  },
                });
              };
            });
          },
        },
      ),
      '?step=itemLlm',
    );
    await act(() => stores.data.getState().loadSynthetic());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Encode all items' }));
    });
    const list = screen.getByTestId('item-llm-load-files');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent?.trim())).toEqual([
      'config.json: 1.0 MiB of 1.0 MiB — done',
      'onnx/model.onnx: 16.0 MiB of 64.0 MiB',
    ]);
    const bar = screen.getByLabelText('onnx/model.onnx load') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([16 * 2 ** 20, 64 * 2 ** 20]);
    await act(async () => finish?.());
    expect(screen.getByTestId('item-llm-load-files').textContent).toContain(
      'onnx/model.onnx: 64.0 MiB of 64.0 MiB — done',
    );
    expect(screen.getByTestId('encode-status').dataset.state).toBe('done');
  });
});
