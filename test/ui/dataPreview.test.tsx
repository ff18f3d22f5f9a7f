// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import type { IngestRequest } from '../../src/compute/ingestChoices';
import { smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

const CSV = 'score,who,thing,note\n5,p1,t1,<b>bold</b>\n3,p1,t2,plain\n4,p2,t1,again\n';

/** Renders the Data step over the real preview code; ingestion records its request and answers. */
async function pickOddCsv() {
  const requests: (IngestRequest | undefined)[] = [];
  const service = createDataService();
  const rendered = renderApp(
    fakeClients({
      previewFiles: (files) => service.previewFiles(files),
      ingestFiles: async (_files, _progress, request) => {
        requests.push(request);
        return { ok: true, value: smallSummary(2, 2) };
      },
    }),
    '?step=data',
  );
  const input = screen.getByLabelText(/Load your own data/);
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File([CSV], 'odd.csv')] } });
  });
  await screen.findByTestId('pending-files');
  return { ...rendered, requests };
}

describe('Data step preview', () => {
  it('shows the detected layout and first rows as text, never as HTML', async () => {
    await pickOddCsv();
    expect(screen.getByTestId('entry-role').textContent).toBe('interactions');
    expect(screen.getByTestId('entry-format').textContent).toBe('csv');
    expect((screen.getByLabelText('Delimiter') as HTMLSelectElement).value).toBe(',');
    expect((screen.getByLabelText('First row is a header') as HTMLInputElement).checked).toBe(true);
    const table = screen.getByTestId('entry-rows');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['score', 'who', 'thing', 'note']);
    expect(within(table).getByText('<b>bold</b>')).toBeTruthy();
    expect(table.querySelector('b')).toBeNull();
  });

  it('preselects the guess in labelled selects and keeps Load disabled until the mapping is complete', async () => {
    const { requests, stores } = await pickOddCsv();
    const user = screen.getByLabelText('User column') as HTMLSelectElement;
    const item = screen.getByLabelText('Item column') as HTMLSelectElement;
    expect(user.value).toBe('score');
    expect(item.value).toBe('who');
    expect((screen.getByLabelText('Read as') as HTMLSelectElement).value).toBe('csv');
    const load = screen.getByRole('button', { name: 'Load' }) as HTMLButtonElement;
    fireEvent.change(user, { target: { value: '' } });
    expect(load.disabled).toBe(true);
    expect(screen.getByTestId('mapping-problems').textContent).toContain(
      'odd.csv: choose the user column.',
    );
    fireEvent.change(user, { target: { value: 'who' } });
    expect(screen.getByTestId('mapping-problems').textContent).toContain(
      'the user and item columns must differ',
    );
    expect(load.disabled).toBe(true);
    await act(() => stores.data.getState().loadPending());
    expect(requests).toEqual([]);
    fireEvent.change(item, { target: { value: 'thing' } });
    const text = screen.getByRole('group', { name: 'Item text columns' });
    const checked = within(text)
      .getAllByRole('checkbox')
      .filter((box) => (box as HTMLInputElement).checked)
      .map((box) => box.parentElement?.textContent?.trim());
    expect(checked).toEqual(['note']);
    expect(screen.queryByTestId('mapping-problems')).toBeNull();
    expect(load.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(load);
    });
    expect(requests).toEqual([
      {
        itemFiles: [],
        options: {
          format: 'csv',
          layout: { delimiter: ',', hasHeader: true },
          mapping: { user: 'who', item: 'thing', text: ['note'] },
        },
      },
    ]);
    expect(screen.queryByTestId('pending-files')).toBeNull();
    expect(screen.getByTestId('dataset')).toBeTruthy();
  });

  it('reads a file as item text when its format is overridden, and Discard drops the preview', async () => {
    const { requests, stores } = await pickOddCsv();
    fireEvent.change(screen.getByLabelText('Read as'), { target: { value: 'csv-items' } });
    expect(screen.queryByLabelText('User column')).toBeNull();
    expect((screen.getByLabelText('Item id column') as HTMLSelectElement).value).toBe('who');
    expect(screen.getByTestId('mapping-problems').textContent).toContain(
      'No file is read as interactions',
    );
    await act(() => stores.data.getState().loadPending());
    expect(requests).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(screen.queryByTestId('pending-files')).toBeNull();
  });
});
