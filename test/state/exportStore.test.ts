import { describe, expect, it } from 'vitest';
import { createExportStore, type ExportDeps } from '../../src/state/exportStore';
import { fakeRun } from './runFixture';

function deps(saved: { name: string; content: Uint8Array | string; type: string }[]): ExportDeps {
  return {
    train: {
      exportCheckpoint: async (runId) =>
        runId === 0
          ? { ok: true, value: Uint8Array.from([1, 2, 3]) }
          : { ok: false, failure: { kind: 'internal', message: `run ${runId} has not finished` } },
      exportItemEmbeddings: async () => ({
        ok: true,
        value: { vectors: '0.1\t0.2\n', metadata: 'id\nitem-1\n' },
      }),
    },
    data: {
      exportHllmLayout: async () => ({
        ok: true,
        value: { fileName: 'toy-hllm.zip', bytes: Uint8Array.from([80, 75]) },
      }),
      exportGpuBundle: async (config, fingerprint) =>
        fingerprint === 'abc'
          ? {
              ok: true,
              value: { fileName: `toy-${config.model.kind}-gpu.zip`, bytes: Uint8Array.from([80]) },
            }
          : { ok: false, failure: { kind: 'internal', message: 'not the run’s data' } },
    },
    save: (name, content, type) => saved.push({ name, content, type }),
  };
}

describe('export store', () => {
  it('saves what the workers export under the run name', async () => {
    const saved: { name: string; content: Uint8Array | string; type: string }[] = [];
    const store = createExportStore(deps(saved));
    await store.getState().checkpoint(0, 'run-1-sasrec');
    await store.getState().itemEmbeddings(0, 'run-1-sasrec');
    await store.getState().hllmDataset();
    const record = fakeRun(0, 'sasrec', 20, 2).record;
    await store
      .getState()
      .gpuBundle({ ...record, dataset: { ...record.dataset, fingerprint: 'abc' } });
    await store.getState().gpuBundle(record);
    expect(store.getState().failure?.message).toBe('not the run’s data');
    expect(saved.map((s) => [s.name, s.type])).toEqual([
      ['run-1-sasrec.safetensors', 'application/octet-stream'],
      ['run-1-sasrec-vectors.tsv', 'text/tab-separated-values'],
      ['run-1-sasrec-metadata.tsv', 'text/tab-separated-values'],
      ['toy-hllm.zip', 'application/zip'],
      ['toy-sasrec-gpu.zip', 'application/zip'],
    ]);
    expect(saved[1].content).toBe('0.1\t0.2\n');
  });

  it('reports a failed export and saves nothing', async () => {
    const saved: { name: string; content: Uint8Array | string; type: string }[] = [];
    const store = createExportStore(deps(saved));
    const pending = store.getState().checkpoint(3, 'x');
    expect(store.getState().busy).toBe('Writing the checkpoint…');
    await pending;
    expect(saved).toEqual([]);
    expect(store.getState().failure).toEqual({
      kind: 'internal',
      message: 'run 3 has not finished',
    });
  });
});
