import { COLD_START_STORY, explainMetric, SLICE_EXPLANATIONS } from '../explanations';
import { TITLED_MARGIN, xTitle, yTitle } from '../charts/axisTitles';
import { useEffect } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { SliceName } from '../../dataset/types';
import { SLICE_NAMES } from '../../evaluation/metrics';
import { SHORT_SLICE_LABELS, SLICE_LABELS } from '../compare/sliceLabels';
import { BASELINE_COLOUR, MODEL_COLOURS } from '../palette';
import { MODEL_LABELS } from '../train/modelLabels';
import { useStores } from '../storesContext';
import { usePrefersReducedMotion } from '../usePrefersReducedMotion';
import { barSeries, sliceBars } from './comparisonBars';
import type { PrecomputedComparison } from './precomputed';
import precomputed from './precomputedComparison.json';

/** Name of the performance mark set when the precomputed comparison is on screen. */
export const COMPARISON_MARK = 'precomputed-comparison-rendered';

/** The comparison shipped with the page (see scripts/precompute-comparison.ts). */
const COMPARISON = precomputed as PrecomputedComparison;

/**
 * HLLM against SASRec on the embedded dataset, trained ahead of time and shown on first paint
 * (before any model or worker is ready), with how it was produced and a button to run it here.
 */
export function ComparisonPreview() {
  const { ui } = useStores();
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    performance.mark(COMPARISON_MARK);
  }, []);
  const { runs } = COMPARISON;
  const series = barSeries(runs);
  const bars = sliceBars(runs, 'R@10');
  const sizes = runs[0].dataset.testSliceSizes;
  return (
    <section
      aria-labelledby="preview-title"
      className="panel preview"
      data-testid="precomputed-comparison"
    >
      <h2 id="preview-title">HLLM against SASRec, precomputed</h2>
      <p>
        Recall@10 ×100 on the built-in dataset ({runs[0].dataset.name}): HLLM reads item text, so it
        can recommend new (cold) items that SASRec, which only knows item ids, never saw in
        training.
      </p>
      <figure className="chart">
        <figcaption id="preview-caption">Recall@10 ×100 by test slice</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={bars} margin={TITLED_MARGIN} aria-labelledby="preview-caption">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="slice"
              tickFormatter={(slice: SliceName) => SHORT_SLICE_LABELS[slice]}
              label={xTitle('test slice')}
            />
            <YAxis domain={[0, 'auto']} label={yTitle('Recall@10 ×100 (%)')} />
            <Tooltip />
            <Legend verticalAlign="top" />
            {series.map((name, i) => (
              <Bar
                key={name}
                dataKey={name}
                fill={i < runs.length ? MODEL_COLOURS[runs[i].config.model.kind] : BASELINE_COLOUR}
                isAnimationActive={!reducedMotion}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <table data-testid="precomputed-table">
        <caption>Test metrics ×100 (R@10 / N@10) by slice</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {SLICE_NAMES.map((slice) => (
              <th key={slice} scope="col">
                {SLICE_LABELS[slice]} ({sizes[slice]})
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.config.model.kind}>
              <th scope="row">{MODEL_LABELS[run.config.model.kind]}</th>
              {SLICE_NAMES.map((slice) => {
                const m = run.final.test[slice];
                return (
                  <td key={slice}>
                    {m === null ? '—' : `${m['R@10'].toFixed(1)} / ${m['N@10'].toFixed(1)}`}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr key="popularity">
            <th scope="row">Popularity</th>
            {SLICE_NAMES.map((slice) => {
              const m = runs[0].popularity.test[slice];
              return (
                <td key={slice}>
                  {m === null ? '—' : `${m['R@10'].toFixed(1)} / ${m['N@10'].toFixed(1)}`}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
      <p className="hint">
        {explainMetric('R@10')} {explainMetric('N@10')} {SLICE_EXPLANATIONS.cold}
      </p>
      <p className="hint cold-story">{COLD_START_STORY}</p>
      <p className="hint" data-testid="precomputed-provenance">
        Produced by <code>{COMPARISON.command}</code> on {COMPARISON.generatedAt.slice(0, 10)}:{' '}
        {COMPARISON.config}.
      </p>
      <p>
        <button
          type="button"
          className="cta"
          onClick={() => {
            ui.getState().setPreviewOpen(false);
            ui.getState().goTo('train');
          }}
        >
          Run it yourself →
        </button>{' '}
        Train either model in this tab (WebGPU when available) and compare your own numbers.
      </p>
    </section>
  );
}
