import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/ingestion/buildDataset';
import { InteractionLog } from '../../src/ingestion/interactionLog';
import { SkipTracker } from '../../src/ingestion/skipTracker';

/** A log from (user, item, time) rows, one line each. */
function logOf(rows: [string, string, number][]): InteractionLog {
  const log = new InteractionLog();
  log.beginFile('rows.csv');
  rows.forEach(([u, i, t], k) => log.add(u, i, t, k + 2));
  return log;
}

describe('buildDataset', () => {
  it('sorts stably by time and drops same-time repeats even when not adjacent', () => {
    const log = logOf([
      ['u', 'a', 5],
      ['u', 'b', 5],
      ['u', 'a', 5],
      ['u', 'c', 1],
      ['u', 'a', 9],
      ['v', 'a', 1],
    ]);
    const skips = new SkipTracker();
    const d = buildDataset(log, skips, { name: 't', hasTimestamps: true, sourceName: 'rows.csv' });
    expect(Array.from(d.sequences[0], (i) => d.itemIds[i])).toEqual(['c', 'a', 'b', 'a']);
    expect(Array.from(d.timestamps[0])).toEqual([1, 5, 5, 9]);
    expect(skips.counts).toEqual({ 'duplicate-row': 1 });
    expect(skips.warnings()[0]).toMatch(/rows\.csv, line 4: user u, item a, time 5/);
  });

  it('keeps repeats and file order when the source has no time', () => {
    const log = logOf([
      ['u', 'a', 0],
      ['u', 'a', 0],
      ['v', 'b', 0],
    ]);
    const skips = new SkipTracker();
    const d = buildDataset(log, skips, { name: 't', hasTimestamps: false, sourceName: 'rows.csv' });
    expect(Array.from(d.sequences[0])).toEqual([0, 0]);
    expect(Array.from(d.timestamps[0])).toEqual([0, 1]);
    expect(skips.total()).toBe(0);
  });

  it('grows past its initial capacity', () => {
    const rows: [string, string, number][] = Array.from({ length: 3000 }, (_, k) => [
      `u${k % 3}`,
      `i${k % 50}`,
      3000 - k,
    ]);
    const d = buildDataset(logOf(rows), new SkipTracker(), {
      name: 't',
      hasTimestamps: true,
      sourceName: 'rows.csv',
    });
    expect(d.sequences.reduce((s, q) => s + q.length, 0)).toBe(3000);
    expect(d.timestamps[0][0]).toBe(3);
  });
});
