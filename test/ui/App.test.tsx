// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import type { DatasetSummary } from '../../src/compute/datasetSummary';
import type { WorkerResult } from '../../src/compute/workerResult';
import { formatCount, formatPercent } from '../../src/ui/format';
import { smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

const answer = (summary: DatasetSummary) => async (): Promise<WorkerResult<DatasetSummary>> => ({
  ok: true,
  value: summary,
});

describe('App', () => {
  it('shows the stepper with the Data step current and moves with the arrow keys', () => {
    renderApp(fakeClients());
    const nav = screen.getByRole('navigation', { name: 'Playground steps' });
    const buttons = within(nav).getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.replace(/^\d/, ''))).toEqual([
      'Data',
      'Item LLM',
      'Train',
      'Compare',
      'Inspect',
    ]);
    expect(buttons[0].getAttribute('aria-current')).toBe('step');
    fireEvent.keyDown(buttons[0], { key: 'ArrowRight' });
    expect(buttons[1].getAttribute('aria-current')).toBe('step');
    expect(document.activeElement).toBe(buttons[1]);
    expect(screen.getByRole('heading', { name: 'Item LLM' })).toBeTruthy();
    fireEvent.keyDown(buttons[1], { key: 'ArrowLeft' });
    expect(screen.getByRole('heading', { name: 'Data' })).toBeTruthy();
  });

  it('shows the statistics of the loaded dataset', async () => {
    const summary = smallSummary(6, 4);
    const { stores } = renderApp(fakeClients({ loadSynthetic: answer(summary) }));
    await act(() => stores.data.getState().loadSynthetic());
    expect(screen.getByTestId('stat-users').textContent).toBe(formatCount(6));
    expect(screen.getByTestId('stat-items').textContent).toBe(formatCount(4));
    expect(screen.getByTestId('stat-interactions').textContent).toBe(
      formatCount(summary.stats.interactions),
    );
    expect(screen.getByTestId('stat-density').textContent).toBe(
      formatPercent(summary.stats.density),
    );
    expect(screen.getByTestId('skipped-none')).toBeTruthy();
  });

  it('lists skipped rows and warnings', async () => {
    const summary = smallSummary(3, 3, { 'missing-user-id': 1234, 'bad-rating': 0 }, [
      'ratings.csv: 2 duplicate rows',
    ]);
    const { stores } = renderApp(fakeClients({ ingestFiles: answer(summary) }));
    await act(() => stores.data.getState().ingestFiles([new File(['x'], 'ratings.csv')]));
    const table = screen.getByTestId('skipped-table');
    expect(within(table).getByText('missing-user-id')).toBeTruthy();
    expect(within(table).getByText('1,234')).toBeTruthy();
    expect(within(table).queryByText('bad-rating')).toBeNull();
    expect(screen.getByTestId('warnings').textContent).toContain('2 duplicate rows');
  });

  it('sends picked files to the data worker and shows its input error with location', async () => {
    const received: string[] = [];
    const { stores } = renderApp(
      fakeClients({
        previewFiles: (files) => createDataService().previewFiles(files),
        ingestFiles: async (files) => {
          received.push(...files.map((f) => f.name));
          return {
            ok: false,
            failure: {
              kind: 'input',
              message: 'u.data, line 7, column 3: expected an integer rating, found "five"',
              file: 'u.data',
              line: 7,
              column: 3,
              expected: 'an integer rating',
            },
          };
        },
      }),
    );
    const input = screen.getByLabelText(/Load your own data/);
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['1\t2\tfive'], 'u.data')] } });
    });
    expect(received).toEqual([]);
    expect(screen.getByTestId('entry-format').textContent).toBe('movielens-100k');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Load' }));
    });
    expect(received).toEqual(['u.data']);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('line 7, column 3');
    expect(within(alert).getByText('an integer rating')).toBeTruthy();
    expect(stores.data.getState().summary).toBeNull();
  });

  it('reports the device the worker found', async () => {
    const { stores } = renderApp(
      fakeClients(
        {},
        {
          detectDevice: async () => ({
            ok: true,
            value: {
              kind: 'webgpu',
              vendor: 'google',
              architecture: 'swiftshader',
              description: '',
              shaderF16: false,
            },
          }),
        },
      ),
    );
    expect(screen.getByTestId('device-badge').textContent).toMatch(/Detecting/);
    await act(() => stores.device.getState().detect());
    const badge = screen.getByTestId('device-badge');
    expect(badge.dataset.device).toBe('webgpu');
    expect(badge.textContent).toContain('google / swiftshader');
    expect(badge.textContent).toContain('no shader-f16');
  });

  it('renders item text as text, never as HTML', async () => {
    const summary = { ...smallSummary(2, 2), name: '<img src=x onerror=alert(1)>' };
    const { stores } = renderApp(fakeClients({ loadSynthetic: answer(summary) }));
    await act(() => stores.data.getState().loadSynthetic());
    expect(screen.getByTestId('dataset-name').textContent).toBe(summary.name);
    expect(document.querySelector('img')).toBeNull();
  });
});
