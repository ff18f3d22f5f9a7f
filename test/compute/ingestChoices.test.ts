import { describe, expect, it } from 'vitest';
import {
  buildIngestRequest,
  initialChoice,
  type FilePreviewGroup,
} from '../../src/compute/ingestChoices';
import { ingest } from '../../src/ingestion/ingest';
import { previewFile } from '../../src/ingestion/previewFile';

/** Previews of text files, one group per file. */
function previews(files: Record<string, string>): FilePreviewGroup[] {
  return Object.entries(files).map(([file, data]) => ({
    file,
    entries: previewFile({ name: file, data }),
  }));
}

const LOG = 'who,what,when\np1,a,1600000000\np1,b,1600000001\n';

describe('ingest choices', () => {
  it('needs no mapping for fixed formats and passes detected item files as item sources', () => {
    const groups = previews({ 'u.data': '1\t2\t5\t881250949\n', 'u.item': '2|Toy|01-Jan-1995\n' });
    const outcome = buildIngestRequest(
      groups,
      groups.flatMap((g) => g.entries.map(initialChoice)),
    );
    expect(outcome).toEqual({
      ok: true,
      request: { itemFiles: ['u.item'], options: { format: 'movielens-100k' } },
    });
  });

  it('offers the text columns of a RecBole item file, named without types, and reads the chosen ones', () => {
    const inter = 'user_id:token\titem_id:token\ttimestamp:float\n1\t10\t1\n1\t11\t2\n2\t10\t3\n';
    const item =
      'item_id:token\ttitle:token\tcategories:token_seq\tbrand:token\n' +
      '10\tOPI Nail\tBeauty Nails\tOPI\n11\tCream\tBeauty Skin\tAcme\n';
    const groups = previews({ 'b.inter': inter, 'b.item': item });
    const choices = groups.flatMap((g) => g.entries.map(initialChoice));
    expect(choices[1]).toMatchObject({
      format: 'recbole-items',
      itemColumn: 'item_id',
      textFields: ['title', 'categories', 'brand'],
    });
    const outcome = buildIngestRequest(groups, [
      choices[0],
      { ...choices[1], textFields: ['brand', 'title'] },
    ]);
    if (!outcome.ok) throw new Error(outcome.problems.join('; '));
    expect(outcome.request.options.textFields).toEqual(['brand', 'title']);
    const result = ingest(
      {
        interactions: [{ name: 'b.inter', data: inter }],
        items: [{ name: 'b.item', data: item }],
      },
      outcome.request.options,
    );
    expect(result.dataset.textFields).toEqual(['brand', 'title']);
  });

  it('lists every problem: missing columns, differing mappings and mixed formats', () => {
    const groups = previews({ 'a.csv': LOG, 'b.csv': LOG });
    const [a, b] = groups.flatMap((g) => g.entries.map(initialChoice));
    const outcome = buildIngestRequest(groups, [{ ...a, user: '', time: '' }, b]);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        'a.csv: choose the user column.',
        'All interaction files are read with one column mapping: choose the same columns.',
      ],
    });
    const mixed = buildIngestRequest(groups, [a, { ...b, format: 'hllm' }]);
    expect(mixed).toEqual({
      ok: false,
      problems: ['Interaction files must share one format (chosen: csv, hllm).'],
    });
  });

  it('asks for one layout when interaction files are given different ones', () => {
    const groups = previews({ 'a.csv': LOG, 'b.csv': LOG });
    const [a, b] = groups.flatMap((g) => g.entries.map(initialChoice));
    expect(a.layout).toEqual({ delimiter: ',', hasHeader: true });
    const outcome = buildIngestRequest(groups, [
      a,
      { ...b, layout: { delimiter: ';', hasHeader: true } },
    ]);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        'All interaction files are read with one layout: choose the same delimiter and header.',
      ],
    });
  });

  it('reads an interaction-looking file as item text when told, with its chosen columns', () => {
    const groups = previews({ 'log.csv': LOG, 'more.csv': LOG });
    const [log, more] = groups.flatMap((g) => g.entries.map(initialChoice));
    const asItems = { ...more, format: 'csv-items' as const, itemColumn: 'what', textFields: [] };
    const empty = buildIngestRequest(groups, [log, asItems]);
    expect(empty).toEqual({ ok: false, problems: ['more.csv: choose at least one text column.'] });
    const outcome = buildIngestRequest(groups, [log, { ...asItems, textFields: ['who'] }]);
    if (!outcome.ok) throw new Error(outcome.problems.join(' '));
    expect(outcome.request).toEqual({
      itemFiles: ['more.csv'],
      options: {
        format: 'csv',
        layout: { delimiter: ',', hasHeader: true },
        mapping: { user: 'who', item: 'what', time: 'when' },
        itemFormat: 'csv-items',
        itemColumn: 'what',
        textFields: ['who'],
        itemLayout: { delimiter: ',', hasHeader: true },
      },
    });
  });
});
