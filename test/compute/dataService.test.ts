import { gzipSync, strToU8, zipSync } from 'fflate';
import type { InputFile } from '../../src/ingestion/inputFile';
import { describe, expect, it } from 'vitest';
import { describeDataProgress, type DataProgress } from '../../src/compute/dataProgress';
import { createDataService } from '../../src/compute/dataService';
import { datasetStats } from '../../src/dataset/stats';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';
import { unisrecSplit } from '../robustness/hostileFiles';

/** MovieLens-100k style `u.data`: user, item, rating, time; tab separated. */
function uData(users: number, perUser: number): string {
  const rows: string[] = [];
  for (let u = 1; u <= users; u++) {
    for (let k = 0; k < perUser; k++) rows.push(`${u}\t${((u * 7 + k) % 50) + 1}\t4\t${1000 + k}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('data service', () => {
  it('loads the embedded synthetic dataset and keeps it current', async () => {
    const service = createDataService();
    expect(service.currentDataset()).toBeNull();
    const result = await service.loadSynthetic();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const expected = generateSyntheticDataset();
    expect(result.value.name).toBe(expected.name);
    expect(result.value.stats).toEqual(datasetStats(expected));
    expect(result.value.skipped).toEqual({});
    expect(service.currentDataset()?.sequences.length).toBe(expected.sequences.length);
  });

  it('reports reading, parsing and summarising, in that order', async () => {
    const progress: DataProgress[] = [];
    await createDataService().ingestFiles(
      [new File([uData(3, 4)], 'u.data'), new File(['1|A movie|01-Jan-1995\n'], 'u.item')],
      (p) => progress.push(p),
    );
    const stages = progress.map((p) => p.stage);
    expect(stages.filter((s, i) => s !== stages[i - 1])).toEqual([
      'reading',
      'parsing',
      'summarising',
    ]);
    expect(progress[1]).toEqual({ stage: 'reading', file: 'u.item', index: 1, count: 2 });
    expect(progress.map(describeDataProgress)[2]).toBe('Parsing 2 files…');
    const data = uData(3, 4);
    expect(progress.map(describeDataProgress)).toContain(
      `Parsing u.data: ${data.length} B of ${data.length} B (100%)…`,
    );
    const synthetic: DataProgress[] = [];
    await createDataService().loadSynthetic((p) => synthetic.push(p));
    expect(synthetic.map((p) => p.stage)).toEqual(['generating', 'summarising']);
  });

  it('ingests plain, gzip and zip files into the same dataset', async () => {
    const text = uData(6, 5);
    const answers = await Promise.all(
      [
        new File([text], 'u.data'),
        new File([gzipSync(strToU8(text))], 'u.data.gz'),
        new File([zipSync({ 'ml-100k/u.data': strToU8(text) })], 'ml-100k.zip'),
      ].map((file) => createDataService().ingestFiles([file])),
    );
    for (const answer of answers) {
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      expect(answer.value.stats.users).toBe(6);
      expect(answer.value.stats.interactions).toBe(30);
    }
  });

  it('reports a broken archive as an input error naming the file, and keeps the last dataset', async () => {
    const service = createDataService();
    await service.ingestFiles([new File([uData(3, 4)], 'u.data')]);
    const broken = gzipSync(strToU8(uData(3, 4))).slice(0, 20);
    const result = await service.ingestFiles([new File([broken], 'ratings.csv.gz')]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.kind).toBe('input');
    expect(result.failure.kind === 'input' && result.failure.file).toBe('ratings.csv.gz');
    expect(service.currentDataset()?.sequences.length).toBe(3);
  });
});

describe('item prompt samples', () => {
  it('builds HLLM prompts from the chosen fields in order, skipping items without that text', async () => {
    const service = createDataService();
    expect((await service.samplePrompts(['title'], 2)).ok).toBe(false);
    await service.loadSynthetic();
    const dataset = service.currentDataset()!;
    const result = await service.samplePrompts(['description', 'title'], 3);
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.value).toHaveLength(3);
    const first = result.value[0];
    const text = dataset.itemText[first.index];
    expect(first.id).toBe(dataset.itemIds[first.index]);
    expect(first.prompt).toBe(
      `Compress the following sentence into embedding: description: ${text.description}title: ${text.title}`,
    );
    const none = await service.samplePrompts(['no-such-field'], 3);
    expect(none).toEqual({ ok: true, value: [] });
  });

  it('uses the item2index map of a dropped UniSRec split when the text file is picked as items', async () => {
    const s = unisrecSplit(4, 6);
    const file = (f: InputFile) => new File([new Uint8Array(f.data as Uint8Array)], f.name);
    const dropped = [s.train, s.valid, s.test, s.map, s.text].map(file);
    const request = { itemFiles: ['S.text'], options: {} };
    const withMap = await createDataService().ingestFiles(dropped, undefined, request);
    if (!withMap.ok) throw new Error(withMap.failure.message);
    expect(withMap.value.stats.itemsWithText).toBe(6);
    const withoutMap = await createDataService().ingestFiles(
      dropped.filter((f) => f.name !== 'S.item2index'),
      undefined,
      request,
    );
    expect(withoutMap.ok).toBe(false);
    if (withoutMap.ok) return;
    expect(withoutMap.failure.message).toContain('none of 6 text ids matches any of 6 item ids');
  });
});
