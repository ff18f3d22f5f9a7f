import { describe, expect, it } from 'vitest';
import { runsJson } from '../../src/ui/compare/downloadRuns';
import { fakeRun } from '../state/runFixture';

describe('runsJson', () => {
  it('writes the records as a JSON array that reads back unchanged', () => {
    const records = [fakeRun(0, 'sasrec', 20, 2).record, fakeRun(1, 'hstu', 30, 2).record];
    const text = runsJson(records);
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(records);
  });
});
