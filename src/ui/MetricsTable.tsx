import { METRIC_NAMES, type Metrics } from '../evaluation/metrics';
import { explainMetric } from './explanations';

/** One row of a MetricsTable: a labelled set of test metrics (×100), or null for no cases. */
export interface MetricsRow {
  key: string;
  label: string;
  metrics: Metrics | null;
  /** Marks the popularity baseline (styled apart). */
  baseline?: boolean;
}

/**
 * Recall@K and NDCG@K (×100, two decimals) per row, with `empty` where a row has no cases; each
 * metric's header explains it on hover.
 */
export function MetricsTable({
  testId,
  caption,
  firstColumn,
  rows,
  empty,
}: {
  testId: string;
  caption?: string;
  firstColumn: string;
  rows: readonly MetricsRow[];
  empty: string;
}) {
  return (
    <table data-testid={testId}>
      {caption !== undefined && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{firstColumn}</th>
          {METRIC_NAMES.map((name) => (
            <th key={name} scope="col">
              <abbr title={explainMetric(name)}>{name}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.baseline ? 'baseline' : undefined}>
            <th scope="row">{row.label}</th>
            {METRIC_NAMES.map((name) => (
              <td key={name}>{row.metrics === null ? empty : row.metrics[name].toFixed(2)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
