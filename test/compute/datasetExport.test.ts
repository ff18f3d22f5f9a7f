import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import { hllmLayoutZip, safeFileName } from '../../src/compute/datasetExport';
import { toHllmFiles } from '../../src/export/hllmLayout';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

describe('dataset export', () => {
  it('zips the HLLM layout of a dataset under a safe name', () => {
    const dataset = generateSyntheticDataset({ seed: 1, numItems: 30, numUsers: 20 });
    const file = hllmLayoutZip(dataset);
    const name = safeFileName(dataset.name);
    expect(name).toBe('synthetic-library-seed-1');
    expect(file.fileName).toBe(`${name}-hllm.zip`);
    const files = unzipSync(file.bytes);
    const expected = toHllmFiles(dataset, name);
    expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, text] of Object.entries(expected)) expect(strFromU8(files[path])).toBe(text);
  });

  it('is offered by the data service for the current dataset only', async () => {
    const service = createDataService();
    const none = await service.exportHllmLayout();
    expect(none).toEqual({
      ok: false,
      failure: { kind: 'internal', message: 'No dataset is loaded.' },
    });
    await service.loadSynthetic();
    const zipped = await service.exportHllmLayout();
    if (!zipped.ok) throw new Error(zipped.failure.message);
    const files = unzipSync(zipped.value.bytes);
    const interactions = Object.entries(files).find(([path]) => path.startsWith('dataset/'));
    const lines = strFromU8(interactions![1]).trimEnd().split('\n');
    expect(lines[0]).toBe('item_id,user_id,timestamp');
    const dataset = service.currentDataset()!;
    const count = dataset.sequences.reduce((s, seq) => s + seq.length, 0);
    expect(lines).toHaveLength(count + 1);
  });
});
