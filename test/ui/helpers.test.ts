import { describe, expect, it } from 'vitest';
import { presetRunConfig } from '../../src/config/defaults';
import { samplePoints } from '../../src/ui/charts/samplePoints';
import { compareRows } from '../../src/ui/compare/compareRows';
import { BASELINE_COLOUR, MODEL_COLOURS } from '../../src/ui/palette';
import { formatDuration } from '../../src/runs/units';
import { getField, NUMBER_FIELDS, parseField, setField } from '../../src/ui/train/configFields';
import { fakeRun } from '../state/runFixture';

describe('samplePoints', () => {
  it('returns short lists whole and thins long ones, keeping both ends', () => {
    expect(samplePoints([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const points = Array.from({ length: 101 }, (_, i) => i);
    expect(samplePoints(points, 5)).toEqual([0, 25, 50, 75, 100]);
  });
});

describe('formatDuration', () => {
  it('uses hours, minutes or seconds as fits', () => {
    expect(formatDuration(12.4)).toBe('12s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('config fields', () => {
  it('reads and writes every numeric field without touching the others', () => {
    const config = presetRunConfig('classroom-quick', 'sasrec');
    for (const field of NUMBER_FIELDS) {
      const next = setField(config, field.path, 77);
      expect(getField(next, field.path)).toBe(77);
      for (const other of NUMBER_FIELDS.filter((f) => f.path !== field.path)) {
        expect(getField(next, other.path)).toBe(getField(config, other.path));
      }
    }
    expect(config.seed).toBe(presetRunConfig('classroom-quick', 'sasrec').seed);
  });

  it('refuses text that is not a (whole) number', () => {
    const epochs = NUMBER_FIELDS.find((f) => f.path === 'train.epochs')!;
    const lr = NUMBER_FIELDS.find((f) => f.path === 'train.learningRate')!;
    expect(parseField(epochs, ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseField(epochs, '1.5')).toEqual({ ok: false, why: 'expected a whole number' });
    expect(parseField(epochs, '')).toEqual({ ok: false, why: 'expected a number' });
    expect(parseField(lr, '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseField(lr, 'fast')).toEqual({ ok: false, why: 'expected a number' });
  });
});

describe('compareRows', () => {
  it('lists runs then one popularity row per split', () => {
    const rows = compareRows([fakeRun(0, 'sasrec', 20, 2), fakeRun(1, 'hstu', 30, 2)], 'longtail');
    expect(rows.map((r) => r.label)).toEqual([
      '#1 SASRec (seed 42)',
      '#2 HSTU (seed 42)',
      'Popularity',
    ]);
    expect(rows.map((r) => r.metrics?.['R@10'])).toEqual([10, 15, 1]);
    expect(rows.map((r) => r.baseline)).toEqual([false, false, true]);
    // One colour per model, the baseline apart from every model.
    expect(rows.map((r) => r.colour)).toEqual([
      MODEL_COLOURS.sasrec,
      MODEL_COLOURS.hstu,
      BASELINE_COLOUR,
    ]);
    expect(Object.values(MODEL_COLOURS)).not.toContain(BASELINE_COLOUR);
    expect(new Set(Object.values(MODEL_COLOURS)).size).toBe(Object.keys(MODEL_COLOURS).length);
  });

  it('keeps a baseline per distinct split and null metrics for empty slices', () => {
    const rows = compareRows(
      [fakeRun(0, 'sasrec', 20, 2, 'a'), fakeRun(1, 'sasrec', 20, 4, 'b')],
      'cold',
    );
    expect(rows.filter((r) => r.baseline).map((r) => r.label)).toEqual([
      'Popularity (split of run #1)',
      'Popularity (split of run #2)',
    ]);
    expect(rows.every((r) => r.metrics === null)).toBe(true);
  });
});
