// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import type { IngestRequest } from '../../src/compute/ingestChoices';
import { smallSummary } from '../state/summaryFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

/** Semicolon-separated, but every row has as many commas, so detection takes the comma. */
const SHOP = 'user;item;tags,more,x\nu1;a;3,EUR,x\nu1;b;4,EUR,y\nu2;a;5,USD,z\n';

/** Renders the Data step over the real preview code with the misdetected file picked. */
async function pickShop() {
  const requests: (IngestRequest | undefined)[] = [];
  const service = createDataService();
  const file = new File([SHOP], 'shop.csv');
  const rendered = renderApp(
    fakeClients({
      previewFiles: (files, layouts) => service.previewFiles(files, layouts),
      ingestFiles: async (_files, _progress, request) => {
        requests.push(request);
        return { ok: true, value: smallSummary(2, 2) };
      },
    }),
    '?step=data',
  );
  await act(async () => {
    fireEvent.change(screen.getByLabelText(/Load your own data/), { target: { files: [file] } });
  });
  await screen.findByTestId('pending-files');
  return { ...rendered, requests, service, file };
}

/** Column headers of the preview table. */
function headers(): (string | null)[] {
  return within(screen.getByTestId('entry-rows'))
    .getAllByRole('columnheader')
    .map((h) => h.textContent);
}

/** Cells of the preview table's first body row. */
function firstRow(): (string | null)[] {
  const [, first] = within(screen.getByTestId('entry-rows')).getAllByRole('row');
  return within(first)
    .getAllByRole('cell')
    .map((c) => c.textContent);
}

/** Changes a control and waits for the re-preview it starts. */
async function change(label: string | RegExp, target: Record<string, unknown>) {
  await act(async () => {
    fireEvent.change(screen.getByLabelText(label), { target });
  });
}

describe('Data step layout choices', () => {
  it('re-splits the preview rows with the chosen delimiter and guesses the columns again', async () => {
    await pickShop();
    expect((screen.getByLabelText('Delimiter') as HTMLSelectElement).value).toBe(',');
    expect(headers()).toEqual(['user;item;tags', 'more', 'x']);
    await change('Delimiter', { value: ';' });
    expect(headers()).toEqual(['user', 'item', 'tags,more,x']);
    expect(firstRow()).toEqual(['u1', 'a', '3,EUR,x']);
    expect((screen.getByLabelText('User column') as HTMLSelectElement).value).toBe('user');
    expect((screen.getByLabelText('Item column') as HTMLSelectElement).value).toBe('item');
    const user = screen.getByLabelText('User column') as HTMLSelectElement;
    expect([...user.options].map((o) => o.value)).toEqual(['', 'user', 'item', 'tags,more,x']);
  });

  it('numbers the columns and shows the first row as data when the header is unchecked', async () => {
    await pickShop();
    await change('Delimiter', { value: ';' });
    await act(async () => {
      fireEvent.click(screen.getByLabelText('First row is a header'));
    });
    expect((screen.getByLabelText('First row is a header') as HTMLInputElement).checked).toBe(
      false,
    );
    expect(headers()).toEqual(['column1', 'column2', 'column3']);
    expect(firstRow()).toEqual(['user', 'item', 'tags,more,x']);
    const user = screen.getByLabelText('User column') as HTMLSelectElement;
    expect([...user.options].map((o) => o.value)).toEqual(['', 'column1', 'column2', 'column3']);
  });

  it('takes another single character, and says why a typed one cannot be used', async () => {
    await pickShop();
    await change('Delimiter', { value: 'other' });
    expect(screen.getByTestId('delimiter-problem').textContent).toBe('Type exactly one character.');
    await change('Other delimiter (one character)', { value: '"' });
    expect(screen.getByTestId('delimiter-problem').textContent).toBe(
      'Cannot use a double quote (the quoting character) as the delimiter.',
    );
    expect(headers()).toEqual(['user;item;tags', 'more', 'x']);
    await change('Other delimiter (one character)', { value: ';' });
    expect(screen.queryByTestId('delimiter-problem')).toBeNull();
    expect(headers()).toEqual(['user', 'item', 'tags,more,x']);
    expect((screen.getByLabelText('Delimiter') as HTMLSelectElement).value).toBe('other');
  });

  it('passes the chosen layout to ingestion, which reads the file with it', async () => {
    const { requests, service, file } = await pickShop();
    await change('Delimiter', { value: ';' });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Load' }));
    });
    expect(requests).toEqual([
      {
        itemFiles: [],
        options: {
          format: 'csv',
          layout: { delimiter: ';', hasHeader: true },
          mapping: { user: 'user', item: 'item', text: ['tags,more,x'] },
        },
      },
    ]);
    const read = await service.ingestFiles([file], undefined, requests[0]);
    if (!read.ok) throw new Error(read.failure.message);
    expect(read.value.stats).toMatchObject({ users: 2, items: 2, interactions: 3 });
    const wrong = {
      ...requests[0]!,
      options: { ...requests[0]!.options, layout: { delimiter: ',', hasHeader: true } },
    };
    const failed = await service.ingestFiles([file], undefined, wrong);
    expect(failed).toMatchObject({
      ok: false,
      failure: {
        kind: 'input',
        message:
          'shop.csv, line 1, column user: expected the user column "user", found columns user;item;tags, more, x',
      },
    });
  });
});
