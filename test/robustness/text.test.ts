import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFile, withCompanions } from '../../src/cli/nodeFiles';
import { defaultRunConfig } from '../../src/config/defaults';
import { MIN_HLLM_TEXT_SHARE } from '../../src/config/hllmTextCoverage';
import { validateRunConfig } from '../../src/config/parseRunConfig';
import { InputError } from '../../src/dataset/errors';
import { toHllmFiles } from '../../src/export/hllmLayout';
import { toRecboleFiles } from '../../src/export/recboleAtomic';
import { ingest } from '../../src/ingestion/ingest';
import { buildItemPrompt } from '../../src/itemEncoders/prompt';
import { prepareExperiment, RunConfigError } from '../../src/pipeline/runExperiment';
import { makeDataset } from '../dataset/makeDataset';
import { textFile, unisrecSplit } from './hostileFiles';

const GENERIC =
  'user,item,title,time\nu0,i0,Alpha,1600000000\nu0,i1,Beta,1600000001\nu1,i0,Alpha,1600000002\nu1,i1,Beta,1600000003\n';

/** Text of an item by original id. */
function textOf(dataset: { itemIds: string[]; itemText: Record<string, string>[] }, id: string) {
  return { ...dataset.itemText[dataset.itemIds.indexOf(id)] };
}

describe('UniSRec split with an explicit item-text file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'unisrec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the item2index map beside the split when --items names the text file', () => {
    const split = unisrecSplit(4, 6);
    for (const f of Object.values(split))
      writeFileSync(path.join(dir, f.name), f.data as Uint8Array);
    const files = withCompanions([path.join(dir, 'S.test.inter')], [path.join(dir, 'S.text')]);
    expect(files.items).toContain(path.join(dir, 'S.item2index'));
    const r = ingest({
      interactions: files.interactions.map(readInputFile),
      items: files.items.map(readInputFile),
    });
    expect(r.dataset.itemIds).toHaveLength(6);
    expect(r.dataset.itemText.every((t) => Object.keys(t).length > 0)).toBe(true);
    expect(textOf(r.dataset, 'ASIN3')).toEqual({ text: 'Product number 3' });
    expect(r.warnings.filter((w) => /no text/.test(w))).toEqual([]);
  });

  it('uses the map in the app drop, where the map comes among the interaction files', () => {
    const s = unisrecSplit(4, 6);
    const r = ingest({ interactions: [s.train, s.valid, s.test, s.map], items: [s.text] });
    expect(r.dataset.itemText.filter((t) => Object.keys(t).length > 0)).toHaveLength(6);
  });

  it('says so when the text ids match no item id (no map given), never "6 of 6 items have no text"', () => {
    const s = unisrecSplit(4, 6);
    const run = () => ingest({ interactions: [s.train, s.valid, s.test], items: [s.text] });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/none of 6 text ids matches any of 6 item ids.*item2index/);
  });
});

describe('item text columns of a generic interaction file', () => {
  it('keeps the guessed text column of a CSV and names it in the warning', () => {
    const r = ingest({ interactions: [textFile('g.csv', GENERIC)] });
    expect(r.dataset.textFields).toEqual(['title']);
    expect(textOf(r.dataset, 'i0')).toEqual({ title: 'Alpha' });
    expect(textOf(r.dataset, 'i1')).toEqual({ title: 'Beta' });
    expect(r.warnings.some((w) => w.includes('item text=title'))).toBe(true);
  });

  it('honours textFields (--text-fields) for an interaction file, and names a missing one', () => {
    const r = ingest({ interactions: [textFile('g.csv', GENERIC)] }, { textFields: ['title'] });
    expect(r.dataset.textFields).toEqual(['title']);
    const wrong = () =>
      ingest({ interactions: [textFile('g.csv', GENERIC)] }, { textFields: ['name'] });
    expect(wrong).toThrow(InputError);
    expect(wrong).toThrow(
      /column name: expected a text field among the columns user, item, title, time/,
    );
  });

  it('honours textFields with an explicit column mapping', () => {
    const r = ingest(
      { interactions: [textFile('g.csv', GENERIC)] },
      { mapping: { user: 'user', item: 'item', time: 'time' }, textFields: ['title'] },
    );
    expect(textOf(r.dataset, 'i1')).toEqual({ title: 'Beta' });
  });

  it('keeps the guessed text keys of JSON lines', () => {
    const jsonl = GENERIC.trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [user, item, title, time] = l.split(',');
        return JSON.stringify({ user, item, title, time: Number(time) });
      })
      .join('\n');
    const r = ingest({ interactions: [textFile('g.jsonl', jsonl)] });
    expect(r.dataset.textFields).toEqual(['title']);
    expect(textOf(r.dataset, 'i0')).toEqual({ title: 'Alpha' });
  });

  it('leaves the text to an item file when one is given (no competing duplicates)', () => {
    const items = textFile('items.csv', 'item_id,title\ni0,Alpha from items\ni1,Beta from items\n');
    const r = ingest({ interactions: [textFile('g.csv', GENERIC)], items: [items] });
    expect(textOf(r.dataset, 'i0')).toEqual({ title: 'Alpha from items' });
    expect(r.skipped).toEqual({});
  });
});

describe('column names that are Object.prototype members', () => {
  const csv =
    'user,item,time,__proto__,constructor,toString\n' +
    'u0,i0,1600000000,P0,C0,T0\nu0,i1,1600000001,,C1,T1\nu1,i0,1600000002,P0,C0,T0\nu1,i1,1600000003,,C1,T1\n';

  it('reads them as plain text fields', () => {
    const r = ingest({ interactions: [textFile('p.csv', csv)] });
    expect(r.dataset.textFields).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(r.dataset.itemText[0])).toBe(null);
    expect(textOf(r.dataset, 'i0')).toEqual(
      Object.fromEntries([
        ['__proto__', 'P0'],
        ['constructor', 'C0'],
        ['toString', 'T0'],
      ]),
    );
  });

  it('converts to RecBole and HLLM without crashing or writing [object Object]', () => {
    const r = ingest({ interactions: [textFile('p.csv', csv)] });
    const recbole = toRecboleFiles(r.dataset);
    expect(recbole['p.item'].split('\n')[0]).toBe(
      'item_id:token\t__proto__:token_seq\tconstructor:token_seq\ttoString:token_seq',
    );
    expect(recbole['p.item']).toContain('i1\t\tC1\tT1');
    const hllm = toHllmFiles(r.dataset);
    expect(hllm['information/p.csv']).not.toMatch(/object Object|function/);
    expect(hllm['information/p.csv']).toContain('i0,C0. T0,P0');
  });

  it('reads them as JSON-lines keys present in some records only', () => {
    const jsonl = [
      '{"user": "u0", "item": "i0", "time": 1600000000, "constructor": "C0", "__proto__": "P0"}',
      '{"user": "u0", "item": "i1", "time": 1600000001, "title": "T1"}',
      '{"user": "u1", "item": "i0", "time": 1600000002, "constructor": "C0", "__proto__": "P0"}',
    ].join('\n');
    const r = ingest({ interactions: [textFile('p.jsonl', jsonl)] });
    expect(r.dataset.textFields).toEqual(['constructor', '__proto__', 'title']);
    expect(textOf(r.dataset, 'i1')).toEqual({ title: 'T1' });
    expect(JSON.stringify(r.dataset.itemText)).not.toMatch(/function|object Object/);
    expect(toRecboleFiles(r.dataset)['p.item']).toContain('i0\tC0\tP0\t');
  });

  it('reads them from an item file, and a prompt never shows an inherited member', () => {
    const items = textFile('items.csv', 'item_id,constructor,toString\ni0,C0,\ni1,,T1\n');
    const r = ingest({ interactions: [textFile('g.csv', GENERIC)], items: [items] });
    expect(textOf(r.dataset, 'i1')).toEqual({ toString: 'T1' });
    const plain = { ...r.dataset.itemText[r.dataset.itemIds.indexOf('i1')] };
    expect(buildItemPrompt(plain, ['constructor', 'toString'])).toMatch(/toString: T1$/);
    expect(buildItemPrompt(plain, ['constructor'])).not.toMatch(/function/);
  });
});

describe('HLLM with too little text', () => {
  const sequences = Array.from({ length: 6 }, (_, u) =>
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => (i + u) % 10),
  );
  const withText = (count: number) =>
    makeDataset(sequences, {
      text: Array.from({ length: 10 }, (_, i): Record<string, string> =>
        i < count ? { title: `item ${i}` } : {},
      ),
    });
  const hllm = () => {
    const c = defaultRunConfig('hllm');
    return { ...c, data: { ...c.data, kCore: 0 }, train: { ...c.train, numNegatives: 4 } };
  };

  it('is refused below the visible threshold with the counts and the fix', async () => {
    expect(MIN_HLLM_TEXT_SHARE).toBe(0.5);
    const problems = validateRunConfig(hllm(), {
      numItems: 10,
      textFields: ['title'],
      itemsWithText: 2,
    });
    expect(problems).toContain(
      'model.kind: HLLM needs item text, but 8 of 10 items have no text (20.0% have text; the minimum is 50%); fix: choose text fields the items have (model.textFields, --text-fields) or give an item-text file',
    );
    await expect(prepareExperiment(withText(2), hllm())).rejects.toThrow(RunConfigError);
    await expect(prepareExperiment(withText(2), hllm())).rejects.toThrow(
      /8 of 10 items have no text/,
    );
  });

  it('runs with a warning when some items lack text', async () => {
    const prepared = await prepareExperiment(withText(7), hllm());
    expect(prepared.warnings).toEqual([
      '3 of 10 items have no text (70.0% have text): HLLM sees only the prompt instruction for them',
    ]);
    const sasrec = defaultRunConfig('sasrec');
    expect(
      validateRunConfig(sasrec, { numItems: 10, textFields: ['title'], itemsWithText: 0 }),
    ).not.toContainEqual(expect.stringContaining('no text'));
  });
});
