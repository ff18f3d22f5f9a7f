import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/dataset/errors';
import { toHllmFiles } from '../../src/export/hllmLayout';
import { toRecboleFiles } from '../../src/export/recboleAtomic';
import { neutraliseFormula } from '../../src/export/spreadsheetSafe';
import { guessMapping } from '../../src/ingestion/columnGuess';
import { ingest } from '../../src/ingestion/ingest';
import { isNumeric, parseTime } from '../../src/ingestion/parseTime';
import { makeDataset } from '../dataset/makeDataset';
import { textFile, unisrecSplit } from './hostileFiles';

/** Total number of interactions of a result. */
function count(r: { dataset: { sequences: Int32Array[] } }): number {
  return r.dataset.sequences.reduce((n, s) => n + s.length, 0);
}

describe('hex strings are not timestamps', () => {
  it('parses neither 0x… nor hex hashes nor stray words as times', () => {
    for (const v of ['0x5F5E1000', '0x1A', 'deadbeef', '5d41402abc4b2a76', 'fed 2020', 'add 5'])
      expect(parseTime(v)).toBeUndefined();
    expect(isNumeric('0x1A')).toBe(false);
    expect(parseTime('1600000000')).toBe(1600000000);
    expect(parseTime('2020-01-02T00:00:00Z')).toBe(1577923200);
    expect(parseTime('Jan 2, 2020 00:00:00 UTC')).toBe(1577923200);
  });

  it('does not guess a column of hex values as the time column', () => {
    const rows = [
      ['u1', 'i1', '0x5F5E1000'],
      ['u2', 'i2', '0x5F5E2000'],
    ];
    expect(guessMapping(['column1', 'column2', 'column3'], rows, false).time).toBeUndefined();
  });
});

describe('implausible timestamps', () => {
  it('reports times before 1970 or after 2100 (as seconds or ms) and keeps every row', () => {
    const csv =
      'user,item,time\nu1,i1,-5\nu1,i2,1600000000\nu2,i1,99999999999999\nu2,i2,1600000000000\n';
    const r = ingest({ interactions: [textFile('t.csv', csv)] });
    expect(count(r)).toBe(4);
    expect(r.warnings).toContain(
      '2 timestamp(s) outside 1970-01-01…2100-01-01 (read as seconds or milliseconds); rows are kept in that order (first: t.csv, line 2: -5)',
    );
  });
});

describe('ids kept exactly', () => {
  it('keeps every digit of big integer ids in JSON lines', () => {
    const jsonl = [
      '{"user": 12345678901234567890, "item": 98765432109876543210, "time": 1600000000}',
      '{"user": 12345678901234567891, "item": 98765432109876543211, "time": 1600000001}',
      '{"user": 12345678901234567890, "item": 98765432109876543211, "time": 1600000002}',
    ].join('\n');
    const r = ingest({ interactions: [textFile('big.jsonl', jsonl)] });
    expect(r.dataset.userIds).toEqual(['12345678901234567890', '12345678901234567891']);
    expect(r.dataset.itemIds).toEqual(['98765432109876543210', '98765432109876543211']);
  });

  it('keeps a non-breaking space in ids through ingestion and both exports', () => {
    const csv =
      'user,item,time\nu\u00a01,a\u00a0,1600000000\nu\u00a01,b\u00a0c,1600000001\nu2,a\u00a0,1600000002\n';
    const r = ingest({ interactions: [textFile('nb.csv', csv)] });
    expect(r.dataset.itemIds).toEqual(['a\u00a0', 'b\u00a0c']);
    expect(r.dataset.userIds).toEqual(['u\u00a01', 'u2']);
    const recbole = toRecboleFiles(r.dataset);
    expect(recbole['nb.inter']).toContain('u\u00a01\ta\u00a0\t1600000000');
    const back = ingest({ interactions: [textFile('nb.inter', recbole['nb.inter'])] });
    expect(back.dataset.itemIds).toEqual(['a\u00a0', 'b\u00a0c']);
    expect(toHllmFiles(r.dataset)['dataset/nb.csv']).toContain('b\u00a0c,u\u00a01,1600000001');
  });
});

describe('contradicting UniSRec rows', () => {
  it("counts a valid row that contradicts the same user's test row", () => {
    const s = unisrecSplit(3, 6);
    const header = 'user_id:token\titem_id_list:token_seq\titem_id:token\n';
    const valid = textFile(
      'S.valid.inter',
      `${header}1\t1 2 9 8\t7\n2\t2 3 4 5\t6\n3\t3 4 5 6\t1\n`,
    );
    const r = ingest({ interactions: [s.train, valid, s.test, s.map] });
    expect(r.skipped['inconsistent-split-row']).toBe(1);
    expect(r.warnings.some((w) => w.includes('S.valid.inter, line 2'))).toBe(true);
  });
});

describe('duplicate header columns', () => {
  it('names both positions of a repeated CSV column', () => {
    const run = () =>
      ingest({
        interactions: [textFile('d.csv', 'user,item,time,item\nu1,i1,1,i9\nu2,i2,2,i8\n')],
      });
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      'd.csv, line 1, column item: expected distinct column names in the header, found duplicate column "item" at positions 2 and 4',
    );
  });

  it('names both positions of a repeated RecBole field', () => {
    const inter = 'user_id:token\titem_id:token\tuser_id:token\n1\t2\t3\n';
    const run = () => ingest({ interactions: [textFile('d.inter', inter)] });
    expect(run).toThrow(/duplicate column "user_id" at positions 1 and 3/);
  });
});

describe('spreadsheet formulas in exported text', () => {
  const hostile = ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tTab', 'plain'];
  const dataset = () =>
    makeDataset(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      { text: hostile.map((title) => ({ title })) },
    );

  it("prefixes ' to text cells that start like a formula, by default, and says so", () => {
    expect(hostile.map(neutraliseFormula)).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1+1",
      "'-2",
      "'@SUM(A1)",
      "'\tTab",
      'plain',
    ]);
    const hllm = toHllmFiles(dataset(), 'h');
    expect(hllm['information/h.csv']).toContain(`i0,,"'=HYPERLINK(""http://x"")"`);
    expect(hllm['information/h.csv']).toContain("i3,,'@SUM(A1)");
    expect(hllm['README.md']).toContain('OWASP');
    const recbole = toRecboleFiles(dataset(), 'r');
    expect(recbole['r.item']).toContain("i2\t'-2");
    expect(recbole['README.md']).toContain("have a ' added in front");
  });

  it('writes raw text with rawText, and says so', () => {
    const hllm = toHllmFiles(dataset(), 'h', { rawText: true });
    expect(hllm['information/h.csv']).toContain('i1,,+1+1');
    expect(hllm['README.md']).toContain('written raw');
    expect(toRecboleFiles(dataset(), 'r', { rawText: true })['r.item']).toContain('i2\t-2');
  });

  it('never changes ids', () => {
    const d = { ...dataset(), itemIds: ['=a', '+b', '-c', '@d', 'e', 'f'] };
    expect(toRecboleFiles(d, 'r')['r.inter']).toContain('u0\t=a\t0');
    expect(toHllmFiles(d, 'h')['information/h.csv']).toContain('\n=a,');
  });
});
