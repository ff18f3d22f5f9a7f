import { describe, expect, it } from 'vitest';
import type { DataProgress } from '../../src/compute/dataProgress';
import { createDataService } from '../../src/compute/dataService';
import type { DatasetSummary } from '../../src/compute/datasetSummary';
import type { IngestRequest } from '../../src/compute/ingestChoices';
import type { WorkerResult } from '../../src/compute/workerResult';
import { createDataStore, type DataClient } from '../../src/state/dataStore';
import { smallSummary } from './summaryFixture';

/** A client whose answers the test releases by hand. */
function manualClient() {
  const pending: ((r: WorkerResult<DatasetSummary>) => void)[] = [];
  const received: File[][] = [];
  const client: DataClient = {
    loadSynthetic: () => new Promise((r) => pending.push(r)),
    previewFiles: () => new Promise(() => undefined),
    ingestFiles: (files) => {
      received.push(files);
      return new Promise((r) => pending.push(r));
    },
  };
  return { client, pending, received };
}

describe('data store', () => {
  it('is busy while the synthetic dataset is generated, then holds its summary', async () => {
    const { client, pending } = manualClient();
    const store = createDataStore(client);
    const done = store.getState().loadSynthetic();
    expect(store.getState().busy).toMatch(/synthetic/);
    const summary = smallSummary(4, 3);
    pending[0]({ ok: true, value: summary });
    await done;
    expect(store.getState()).toMatchObject({ busy: null, failure: null, summary });
  });

  it('shows the worker progress while busy', async () => {
    let report!: (p: DataProgress) => void;
    let finish!: (r: WorkerResult<DatasetSummary>) => void;
    const store = createDataStore({
      loadSynthetic: (onProgress) => {
        report = onProgress!;
        return new Promise((r) => (finish = r));
      },
      previewFiles: () => new Promise(() => undefined),
      ingestFiles: () => new Promise(() => undefined),
    });
    const done = store.getState().loadSynthetic();
    report({ stage: 'summarising', name: 'toy' });
    expect(store.getState().busy).toBe('Computing statistics of toy…');
    finish({ ok: true, value: smallSummary(2, 2) });
    await done;
    expect(store.getState().busy).toBeNull();
    // A report that reaches the page after the result (its own message port) does not stick.
    report({ stage: 'summarising', name: 'toy' });
    expect(store.getState().busy).toBeNull();
  });

  it('sends the files to the worker and names them while busy', async () => {
    const { client, pending, received } = manualClient();
    const store = createDataStore(client);
    const files = [new File(['1\t2\t5\t0\n'], 'u.data'), new File(['x'], 'u.item')];
    const done = store.getState().ingestFiles(files);
    expect(received).toEqual([files]);
    expect(store.getState().busy).toContain('u.data, u.item');
    pending[0]({ ok: true, value: smallSummary(2, 2, { 'missing-user-id': 3 }) });
    await done;
    expect(store.getState().summary?.skipped).toEqual({ 'missing-user-id': 3 });
  });

  it('keeps the previous dataset when ingestion fails and shows the input error', async () => {
    const { client, pending } = manualClient();
    const store = createDataStore(client);
    const first = store.getState().loadSynthetic();
    const summary = smallSummary(5, 4);
    pending[0]({ ok: true, value: summary });
    await first;
    const second = store.getState().ingestFiles([new File(['bad'], 'ratings.csv')]);
    const failure = {
      kind: 'input' as const,
      message: 'ratings.csv, line 2, column rating: expected a number, found "x"',
      file: 'ratings.csv',
      line: 2,
      column: 'rating',
      expected: 'a number',
    };
    pending[1]({ ok: false, failure });
    await second;
    expect(store.getState()).toMatchObject({ busy: null, failure, summary });
  });

  it('clears the last failure when the next job starts', async () => {
    const store = createDataStore({
      loadSynthetic: () => Promise.reject(new Error('worker gone')),
      previewFiles: () => new Promise(() => undefined),
      ingestFiles: () => new Promise(() => undefined),
    });
    await store.getState().loadSynthetic();
    expect(store.getState().failure).toEqual({ kind: 'internal', message: 'worker gone' });
    void store.getState().ingestFiles([new File(['a'], 'a.csv')]);
    expect(store.getState().failure).toBeNull();
  });
});

describe('data store previews', () => {
  /** A client that previews with the real core and records what it is asked to ingest. */
  function previewingClient() {
    const service = createDataService();
    const ingested: { files: File[]; request?: IngestRequest }[] = [];
    const client: DataClient = {
      loadSynthetic: () => new Promise(() => undefined),
      previewFiles: (files, layouts) => service.previewFiles(files, layouts),
      ingestFiles: (files, onProgress, request) => {
        ingested.push({ files, request });
        return service.ingestFiles(files, onProgress, request);
      },
    };
    return { client, ingested };
  }
  const csv = new File(
    ['a,b,c\nx1,y1,1600000000\nx1,y2,1600000001\nx2,y1,1600000002\n'],
    'log.csv',
  );

  it('holds the previews with the guessed choices, and loads with the changed ones', async () => {
    const { client, ingested } = previewingClient();
    const store = createDataStore(client);
    await store.getState().previewFiles([csv]);
    const pending = store.getState().pending!;
    expect(pending.files).toEqual([csv]);
    expect(pending.groups[0].entries[0].delimited?.columns).toEqual(['a', 'b', 'c']);
    expect(pending.choices[0]).toMatchObject({ format: 'csv', user: 'a', item: 'b', time: 'c' });
    store.getState().choose(0, { user: 'b', item: 'a', time: '' });
    expect(store.getState().pending?.choices[0]).toMatchObject({ user: 'b', item: 'a', time: '' });
    await store.getState().loadPending();
    expect(ingested[0].request?.options.mapping).toEqual({ user: 'b', item: 'a' });
    expect(store.getState()).toMatchObject({ pending: null, failure: null, busy: null });
    expect(store.getState().summary?.stats).toMatchObject({ users: 2, items: 2, interactions: 3 });
    expect(store.getState().summary?.name).toBe('log');
  });

  it('re-previews an entry with a chosen layout, or keeps its layout and shows why not', async () => {
    const { client, ingested } = previewingClient();
    const store = createDataStore(client);
    await store.getState().previewFiles([csv]);
    store.getState().choose(0, { format: 'csv-items' });
    await store.getState().chooseLayout(0, { delimiter: ',', hasHeader: false });
    const pending = store.getState().pending!;
    expect(pending.groups[0].entries[0].delimited).toMatchObject({
      hasHeader: false,
      columns: ['column1', 'column2', 'column3'],
      rows: [['a', 'b', 'c'], ...pending.groups[0].entries[0].delimited!.rows.slice(1)],
    });
    expect(pending.choices[0]).toMatchObject({
      format: 'csv-items',
      layout: { delimiter: ',', hasHeader: false },
      itemColumn: 'column2',
    });
    await store.getState().chooseLayout(0, { delimiter: '"', hasHeader: false });
    expect(store.getState().failure).toMatchObject({
      kind: 'input',
      message:
        'log.csv: expected a delimiter that can split rows, found a double quote (the quoting character) as the delimiter',
    });
    expect(store.getState().pending?.choices).toEqual(pending.choices);
    expect(store.getState().pending?.groups).toBe(pending.groups);
    expect(ingested).toEqual([]);
  });

  it('does not ingest while the mapping is incomplete', async () => {
    const { client, ingested } = previewingClient();
    const store = createDataStore(client);
    await store.getState().previewFiles([csv]);
    store.getState().choose(0, { item: '' });
    await store.getState().loadPending();
    expect(ingested).toEqual([]);
    expect(store.getState().pending).not.toBeNull();
    store.getState().discardPending();
    expect(store.getState().pending).toBeNull();
  });

  it('keeps the preview and shows the failure when loading fails', async () => {
    const store = createDataStore({
      loadSynthetic: () => new Promise(() => undefined),
      previewFiles: (files) => createDataService().previewFiles(files),
      ingestFiles: () => Promise.reject(new Error('worker gone')),
    });
    await store.getState().previewFiles([csv]);
    await store.getState().loadPending();
    expect(store.getState().failure).toEqual({ kind: 'internal', message: 'worker gone' });
    expect(store.getState().pending).not.toBeNull();
    const failed = createDataStore({
      loadSynthetic: () => new Promise(() => undefined),
      previewFiles: (files) => createDataService().previewFiles(files),
      ingestFiles: () => new Promise(() => undefined),
    });
    await failed.getState().previewFiles([new File([''], 'empty.csv')]);
    expect(failed.getState().failure).toMatchObject({ kind: 'input', file: 'empty.csv' });
    expect(failed.getState().pending).toBeNull();
  });

  it('names a file dataset loaded before the reload as not kept, until files load again', async () => {
    let stored: string | null = 'Beauty';
    const memory = { last: () => stored, remember: (name: string | null) => void (stored = name) };
    const { client, pending } = manualClient();
    const store = createDataStore(client, memory);
    expect(store.getState().notKept).toBe('Beauty');
    const synthetic = store.getState().loadSynthetic();
    pending[0]({ ok: true, value: smallSummary(4, 3) });
    await synthetic;
    expect(store.getState().notKept).toBe('Beauty');
    expect(stored).toBeNull();
    const files = store.getState().ingestFiles([new File(['x'], 'games.csv')]);
    pending[1]({ ok: true, value: { ...smallSummary(4, 3), name: 'games' } });
    await files;
    expect(store.getState().notKept).toBeNull();
    expect(stored).toBe('games');
  });
});
