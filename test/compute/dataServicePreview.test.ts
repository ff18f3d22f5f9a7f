import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createDataService } from '../../src/compute/dataService';
import { buildIngestRequest, initialChoice } from '../../src/compute/ingestChoices';

/**
 * Interactions under names detection cannot read: `rating` comes first, so the guess takes it as
 * the item; user `vN` rates `perUser` distinct products `sku-K` at time `moment`.
 */
function oddCsv(
  users: number,
  perUser: number,
): { text: string; items: Set<string>; ratings: Set<string> } {
  const rows = ['rating;visitor_code;sku;moment;label'];
  const items = new Set<string>();
  const ratings = new Set<string>();
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < perUser; k++) {
      const sku = `sku-${(u * 3 + k) % 11}`;
      const rating = String((k % 5) + 1);
      items.add(sku);
      ratings.add(rating);
      rows.push(`${rating};v${u};${sku};${1_600_000_000 + u * 100 + k};Thing ${sku}`);
    }
  }
  return { text: `${rows.join('\n')}\n`, items, ratings };
}

describe('data service previews', () => {
  it('previews a file, then ingests it with a corrected column mapping', async () => {
    const { text, items, ratings } = oddCsv(6, 4);
    const service = createDataService();
    const file = new File([text], 'log.csv');
    const previewed = await service.previewFiles([file]);
    if (!previewed.ok) throw new Error(previewed.failure.message);
    const [group] = previewed.value;
    expect(group.file).toBe('log.csv');
    const [entry] = group.entries;
    expect(entry.role).toEqual({ role: 'interactions', format: 'csv' });
    expect(entry.delimited).toMatchObject({
      delimiter: ';',
      hasHeader: true,
      columns: ['rating', 'visitor_code', 'sku', 'moment', 'label'],
    });
    expect(entry.delimited?.rows[0]).toEqual(['1', 'v0', 'sku-0', '1600000000', 'Thing sku-0']);
    const guessed = initialChoice(entry);
    expect(guessed).toMatchObject({ format: 'csv', user: 'visitor_code', item: 'rating' });

    const asGuessed = buildIngestRequest(previewed.value, [guessed]);
    if (!asGuessed.ok) throw new Error(asGuessed.problems.join(' '));
    const wrong = await service.ingestFiles([file], undefined, asGuessed.request);
    if (!wrong.ok) throw new Error(wrong.failure.message);
    expect(wrong.value.stats.items).toBe(ratings.size);

    const fixed = { ...guessed, item: 'sku', time: 'moment', text: ['label'] };
    const outcome = buildIngestRequest(previewed.value, [fixed]);
    if (!outcome.ok) throw new Error(outcome.problems.join(' '));
    expect(outcome.request.options).toMatchObject({
      format: 'csv',
      layout: { delimiter: ';', hasHeader: true },
      mapping: { user: 'visitor_code', item: 'sku', time: 'moment', text: ['label'] },
    });
    const right = await service.ingestFiles([file], undefined, outcome.request);
    if (!right.ok) throw new Error(right.failure.message);
    expect(right.value.stats).toMatchObject({ users: 6, items: items.size, interactions: 24 });
    const dataset = service.currentDataset()!;
    expect(dataset.hasTimestamps).toBe(true);
    expect(dataset.itemText[dataset.itemIds.indexOf('sku-3')]).toEqual({ label: 'Thing sku-3' });
  });

  it('reads an item file with the chosen id and text columns only', async () => {
    const inter = 'user_id,item_id,timestamp\nu1,a,1\nu1,b,2\nu2,b,3\nu2,c,4\n';
    const info =
      'item_id,title,tag,description\na,Alpha,x,first\nb,Beta,y,second\nc,Gamma,z,third\n';
    const files = [new File([inter], 'Pixel.csv'), new File([info], 'Pixel_items.csv')];
    const service = createDataService();
    const previewed = await service.previewFiles(files);
    if (!previewed.ok) throw new Error(previewed.failure.message);
    const entries = previewed.value.flatMap((g) => g.entries);
    expect(entries.map((e) => e.role)).toEqual([
      { role: 'interactions', format: 'hllm' },
      { role: 'items', format: 'hllm-items' },
    ]);
    const choices = entries.map(initialChoice);
    expect(choices[1]).toMatchObject({
      itemColumn: 'item_id',
      textFields: ['title', 'tag', 'description'],
    });
    choices[1] = { ...choices[1], textFields: ['description'] };
    const outcome = buildIngestRequest(previewed.value, choices);
    if (!outcome.ok) throw new Error(outcome.problems.join(' '));
    expect(outcome.request.itemFiles).toEqual(['Pixel_items.csv']);
    const result = await service.ingestFiles(files, undefined, outcome.request);
    if (!result.ok) throw new Error(result.failure.message);
    const dataset = service.currentDataset()!;
    expect(dataset.textFields).toEqual(['description']);
    expect(dataset.itemText[dataset.itemIds.indexOf('b')]).toEqual({ description: 'second' });
  });

  it('previews each entry of a zip and reports an unreadable file as an input error', async () => {
    const zip = zipSync({
      'ml/u.data': strToU8('1\t2\t5\t881250949\n'),
      'ml/u.item': strToU8('2|Toy Story (1995)|01-Jan-1995\n'),
    });
    const service = createDataService();
    const previewed = await service.previewFiles([new File([zip], 'ml.zip')]);
    if (!previewed.ok) throw new Error(previewed.failure.message);
    expect(previewed.value[0].entries.map((e) => [e.name, e.role.role])).toEqual([
      ['ml/u.data', 'interactions'],
      ['ml/u.item', 'items'],
    ]);
    const empty = await service.previewFiles([new File([''], 'empty.csv')]);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.failure).toMatchObject({ kind: 'input', file: 'empty.csv' });
  });
});
