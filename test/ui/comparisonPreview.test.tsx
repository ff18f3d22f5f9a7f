// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { barSeries, sliceBars } from '../../src/ui/overview/comparisonBars';
import { COMPARISON_MARK } from '../../src/ui/overview/ComparisonPreview';
import type { PrecomputedComparison } from '../../src/ui/overview/precomputed';
import precomputed from '../../src/ui/overview/precomputedComparison.json';
import { fakeRun } from '../state/runFixture';
import { fakeClients, renderApp } from './renderApp';

afterEach(cleanup);

const comparison = precomputed as PrecomputedComparison;

describe('precomputed comparison', () => {
  it('holds SASRec and HLLM records trained on the same split of the embedded dataset', () => {
    expect(comparison.runs.map((r) => r.config.model.kind)).toEqual(['sasrec', 'hllm']);
    const [sasrec, hllm] = comparison.runs;
    expect(hllm.dataset.fingerprint).toBe(sasrec.dataset.fingerprint);
    expect(sasrec.config.data.coldFraction).toBeGreaterThan(0);
    expect(sasrec.dataset.testSliceSizes.cold).toBeGreaterThan(0);
    expect(comparison.command).toMatch(/scripts\/precompute-comparison\.ts/);
    expect(Number.isNaN(Date.parse(comparison.generatedAt))).toBe(false);
  });

  it('groups a metric of every model and of popularity by non-empty slice', () => {
    const bars = sliceBars(comparison.runs, 'R@10');
    const [sasrec, hllm] = comparison.runs;
    expect(barSeries(comparison.runs)).toEqual(['SASRec', 'HLLM', 'Popularity']);
    const cold = bars.find((b) => b.slice === 'cold');
    expect(cold?.SASRec).toBe(sasrec.final.test.cold?.['R@10']);
    expect(cold?.HLLM).toBe(hllm.final.test.cold?.['R@10']);
    expect(cold?.Popularity).toBe(sasrec.popularity.test.cold?.['R@10']);
    const edited = structuredClone(comparison.runs);
    edited[0].popularity.test.short = null;
    expect(sliceBars(edited, 'N@10').map((b) => b.slice)).toEqual(['all', 'cold', 'longtail']);
  });

  it('is on screen before any worker answers, says how it was made, and leads to the Train step', () => {
    performance.clearMarks(COMPARISON_MARK);
    const { stores } = renderApp(fakeClients());
    const section = screen.getByTestId('precomputed-comparison');
    const rows = within(screen.getByTestId('precomputed-table')).getAllByRole('row');
    const hllmCold = comparison.runs[1].final.test.cold!;
    expect(rows[2].textContent).toContain(
      `${hllmCold['R@10'].toFixed(1)} / ${hllmCold['N@10'].toFixed(1)}`,
    );
    // The chart's Popularity bars have their row in the table.
    const popularity = comparison.runs[0].popularity.test.all!;
    expect(rows[rows.length - 1].textContent).toContain(
      `Popularity${popularity['R@10'].toFixed(1)} / ${popularity['N@10'].toFixed(1)}`,
    );
    expect(screen.getByTestId('precomputed-provenance').textContent).toContain(comparison.command);
    expect(performance.getEntriesByName(COMPARISON_MARK)).toHaveLength(1);
    fireEvent.click(within(section).getByRole('button', { name: /Run it yourself/ }));
    expect(stores.ui.getState().step).toBe('train');
    // "Run it yourself" collapses it to one line that names the cold-slice numbers.
    expect(screen.queryByTestId('precomputed-comparison')).toBeNull();
    const hllmColdR10 = comparison.runs[1].final.test.cold!['R@10'].toFixed(1);
    expect(screen.getByTestId('precomputed-summary').textContent).toContain(`HLLM ${hllmColdR10}`);
    fireEvent.click(screen.getByRole('button', { name: 'Show the precomputed comparison' }));
    expect(screen.getByTestId('precomputed-comparison')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hide the precomputed comparison' }));
    expect(screen.queryByTestId('precomputed-comparison')).toBeNull();
  });

  it('collapses to its one-line summary once the user has runs of their own', () => {
    const { stores } = renderApp(fakeClients());
    expect(screen.getByTestId('precomputed-comparison')).toBeTruthy();
    act(() => stores.runs.getState().add(fakeRun(0, 'sasrec', 20, 2)));
    expect(screen.queryByTestId('precomputed-comparison')).toBeNull();
    expect(screen.getByTestId('precomputed-summary')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show the precomputed comparison' }));
    expect(screen.getByTestId('precomputed-comparison')).toBeTruthy();
  });
});
