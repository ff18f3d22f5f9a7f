// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunHistoryStorage } from '../../src/state/runHistoryDb';
import { fakeRun } from '../state/runFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Compare step history and exports', () => {
  it('lists runs of earlier sessions beside this tab’s, and exports this tab’s from the worker', async () => {
    const earlier = fakeRun(0, 'hstu', 25, 2).record;
    const storage: RunHistoryStorage = {
      load: async () => [{ key: 'k0', record: earlier, savedAt: '2026-01-01T00:00:00.000Z' }],
      save: async () => undefined,
      remove: async () => undefined,
    };
    const exported: number[] = [];
    const { stores } = renderApp(
      fakeClients(
        {},
        {
          exportCheckpoint: async (runId) => {
            exported.push(runId);
            return { ok: true, value: Uint8Array.from([1, 2, 3]) };
          },
        },
      ),
      '?step=compare',
      Promise.resolve(storage),
    );
    await act(() => new Promise((r) => setTimeout(r, 0)));
    act(() => stores.runs.getState().add(fakeRun(4, 'sasrec', 20, 2)));
    const details = within(screen.getByTestId('run-details')).getAllByRole('listitem');
    expect(details).toHaveLength(2);
    expect(details[0].textContent).toContain(
      'its checkpoint and item embeddings stay with the page that trained it',
    );
    expect(within(details[0]).queryByRole('button', { name: /checkpoint/ })).toBeNull();
    expect(within(screen.getByTestId('compare-table')).getAllByRole('row')).toHaveLength(1 + 3);

    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await act(async () =>
      fireEvent.click(
        within(details[1]).getByRole('button', {
          name: 'Download the checkpoint of run #2 (safetensors)',
        }),
      ),
    );
    expect(exported).toEqual([4]);
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(new Uint8Array(await created[0].arrayBuffer())).toEqual(Uint8Array.from([1, 2, 3]));
    fireEvent.click(screen.getByRole('button', { name: 'Download metrics (CSV)' }));
    const csv = await created[1].text();
    expect(csv.split('\n')[1]).toMatch(/^1,hstu,toy,/);
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + 2 * 4 * 2);
  });

  it('downloads a run as a bundle for the official code on GPUs', async () => {
    const asked: [string, string][] = [];
    const { stores } = renderApp(
      fakeClients({
        exportGpuBundle: async (config, fingerprint) => {
          asked.push([config.model.kind, fingerprint]);
          return {
            ok: true,
            value: { fileName: 'toy-hllm-gpu.zip', bytes: Uint8Array.from([80]) },
          };
        },
      }),
      '?step=compare',
    );
    const run = fakeRun(4, 'hstu', 25, 2);
    act(() => stores.runs.getState().add(run));
    URL.createObjectURL = vi.fn(() => 'blob:test');
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: /^Run this on GPUs: download run #1/ })),
    );
    expect(asked).toEqual([['hstu', run.record.dataset.fingerprint]]);
    expect(clicked).toHaveBeenCalledTimes(1);
  });
});
