import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/evaluation/metrics';
import { metricsCsv } from '../../src/ui/compare/metricsCsv';
import { runSliceBars } from '../../src/ui/compare/runSliceBars';
import { BASELINE_COLOUR, MODEL_COLOURS } from '../../src/ui/palette';
import { fakeRun } from '../state/runFixture';

describe('metrics CSV', () => {
  it('has one row per run, slice and series that parses back to the record', () => {
    const a = fakeRun(0, 'sasrec', 20, 2).record;
    const b = fakeRun(1, 'hstu', 30, 3, 'fp-b').record;
    b.dataset.name = 'name, with "quotes"';
    const parsed = Papa.parse<Record<string, string>>(metricsCsv([a, b]), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'run',
      'model',
      'dataset',
      'split',
      'seed',
      'device',
      'started_at',
      'slice',
      'cases',
      'series',
      ...METRIC_NAMES,
    ]);
    expect(parsed.data).toHaveLength(2 * 4 * 2);
    const row = parsed.data.find(
      (r) => r.run === '2' && r.slice === 'short' && r.series === 'hstu',
    );
    expect(row?.dataset).toBe('name, with "quotes"');
    expect(Number(row?.['N@10'])).toBe(b.final.test.short?.['N@10']);
    const cold = parsed.data.find(
      (r) => r.run === '1' && r.slice === 'cold' && r.series === 'popularity',
    );
    expect(cold?.['R@5']).toBe('');
    expect(parsed.data.filter((r) => r.series === 'popularity')).toHaveLength(8);
  });
});

describe('bars by slice', () => {
  it('gives every slice a group and every run a series, leaving empty slices out', () => {
    const runs = [fakeRun(0, 'sasrec', 20, 2), fakeRun(1, 'hstu', 30, 3)];
    const { series, bars, colours } = runSliceBars(runs, 'R@10');
    expect(series).toEqual(['#1 SASRec', '#2 HSTU', 'Popularity']);
    // The legend's colours: one per run, the baseline grey and apart.
    expect(colours).toEqual([MODEL_COLOURS.sasrec, MODEL_COLOURS.hstu, BASELINE_COLOUR]);
    expect(bars[0].Popularity).toBe(2);
    expect(bars.map((b) => b.slice)).toEqual([
      'All test users',
      'Cold (new) target items',
      'Long-tail target items',
      'Short-history users',
    ]);
    expect(bars[0]['#2 HSTU']).toBe(30);
    expect(bars[1]['#1 SASRec']).toBeUndefined();
    expect(bars[2]['#1 SASRec']).toBe(10);
  });

  it('gives two runs of one model two legend colours, and leaves the baseline out across splits', () => {
    const runs = [fakeRun(0, 'sasrec', 20, 2, 'a'), fakeRun(1, 'sasrec', 25, 2, 'b')];
    const { series, colours } = runSliceBars(runs, 'R@10');
    expect(series).toEqual(['#1 SASRec', '#2 SASRec']);
    expect(colours[0]).toBe(MODEL_COLOURS.sasrec);
    expect(new Set(colours).size).toBe(2);
    expect(colours).not.toContain(BASELINE_COLOUR);
  });
});
