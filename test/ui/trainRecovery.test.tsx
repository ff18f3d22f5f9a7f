// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectionEvent } from '../../src/compute/projection';
import type { TrainErrorCode } from '../../src/training/trainEvents';
import { fitToBox } from '../../src/ui/train/fitToBox';
import { fakeRun } from '../state/runFixture';
import { smallDataset, smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';
import { fakeContext, fakeField, fakeSnapshot } from '../compute/projectionFixtures';

afterEach(cleanup);

/** The app on the Train step over a train worker whose first run fails with `code`. */
async function failingRun(code: TrainErrorCode) {
  const calls: string[] = [];
  const summary = smallSummary(30, 40);
  const rendered = renderApp(
    fakeClients(
      {
        loadSynthetic: async () => ({ ok: true, value: summary }),
        currentDataset: async () => smallDataset(30, 40),
      },
      {
        train: async (_dataset, _config, onEvent) => {
          calls.push('train');
          if (calls.length === 1) {
            onEvent({ kind: 'error', code, message: `injected ${code}` });
            return { ok: true, value: null };
          }
          return { ok: true, value: fakeRun(0, 'sasrec', 10, 5) };
        },
        useWasm: async () => {
          calls.push('useWasm');
          return { ok: true, value: { kind: 'wasm', reason: 'switched', threads: 1 } };
        },
      },
    ),
    '?step=train&train.batchSize=64&data.maxHistory=12',
  );
  await act(() => rendered.stores.data.getState().loadSynthetic());
  await act(() => rendered.stores.training.getState().start());
  return { ...rendered, calls };
}

describe('Train step recovery', () => {
  it('offers to continue on Wasm after a lost WebGPU device, and does so', async () => {
    const { stores, calls } = await failingRun('device-lost');
    const recovery = screen.getByTestId('recovery');
    expect(recovery.dataset.code).toBe('device-lost');
    expect(recovery.textContent).toContain('the WebGPU device was lost');
    await act(async () =>
      fireEvent.click(within(recovery).getByRole('button', { name: 'Continue on Wasm (CPU)' })),
    );
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(calls).toEqual(['train', 'useWasm', 'train']);
    expect(stores.device.getState().status).toEqual({
      state: 'ready',
      info: { kind: 'wasm', reason: 'switched', threads: 1 },
    });
    expect(stores.training.getState().status).toBe('finished');
    expect(screen.queryByTestId('recovery')).toBeNull();
  });

  it('names what to shrink, with current values, after running out of memory', async () => {
    await failingRun('out-of-memory');
    const recovery = screen.getByTestId('recovery');
    expect(recovery.dataset.code).toBe('out-of-memory');
    const items = within(recovery)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'Batch size (now 64)',
      'Max history length (now 12)',
      'Model width: hidden size (now 50)',
      'Catalogue: 40 items — raise the k-core filter (now 5) or load a smaller dataset',
      'Negatives (InfoNCE) (now 512)',
    ]);
    expect(within(recovery).queryByRole('button')).toBeNull();
  });
});

describe('Train step projection', () => {
  it('appears with the first event of a run and follows its snapshots', async () => {
    const { stores } = await failingRun('internal');
    expect(screen.queryByTestId('projection')).toBeNull();
    const send = (e: ProjectionEvent) => act(() => stores.projection.getState().receive(e));
    send({
      ...fakeContext([{ ...fakeField('title', ['jazz', 'other'], [0, 1, 0]), hasOther: true }], {
        n: 3,
        cold: [2],
      }),
      histories: [{ user: 'u7', points: [0, 2] }],
    });
    const figure = screen.getByTestId('projection');
    expect(figure.textContent).toContain('waiting for the first snapshot');
    send({
      ...fakeSnapshot('after epoch 1', [0, 0, 1, 1, 2, 0], [0.5], 12),
      explained: [0.7, 0.2],
    });
    expect(figure.dataset.snapshots).toBe('1');
    expect(figure.textContent).toContain('after epoch 1, step 12 (90% of the variance)');
    const legend = within(screen.getByTestId('projection-legend'));
    expect(legend.getByText(/jazz/)).toBeTruthy();
    expect(legend.getByText(/new \(cold\) item \(1 of the \d+ items drawn\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Draw the history of'), { target: { value: '0' } });
    expect(stores.projection.getState().user).toBe(0);
    expect(legend.getByText(/history, oldest to newest/)).toBeTruthy();
  });

  it('fits points into the canvas, centred, aspect kept, y up', () => {
    const xy = fitToBox(Float32Array.from([0, 0, 2, 1]), 100, 60, 10);
    expect(Array.from(xy)).toEqual([10, 50, 90, 10]);
    expect(Array.from(fitToBox(Float32Array.from([3, 3, 3, 3]), 100, 60, 10))).toEqual([
      50, 30, 50, 30,
    ]);
  });
});
