import type { DatasetStats } from '../../dataset/stats';
import { formatCount, formatPercent } from '../format';

/** The headline numbers of a dataset: users, items, interactions, density and text coverage. */
export function StatsSummary({ stats }: { stats: DatasetStats }) {
  const rows: [label: string, testId: string, value: string][] = [
    ['Users', 'stat-users', formatCount(stats.users)],
    ['Items', 'stat-items', formatCount(stats.items)],
    ['Interactions', 'stat-interactions', formatCount(stats.interactions)],
    ['Density', 'stat-density', formatPercent(stats.density)],
    ['Items with text', 'stat-items-with-text', formatCount(stats.itemsWithText)],
    [
      'Sequence length (min / median / mean / max)',
      'stat-seq-length',
      `${stats.sequenceLength.summary.min} / ${stats.sequenceLength.summary.median} / ${stats.sequenceLength.summary.mean.toFixed(1)} / ${stats.sequenceLength.summary.max}`,
    ],
    [
      'Interactions on the top 20% of items',
      'stat-top20',
      formatPercent(stats.itemPopularity.top20Share),
    ],
    ['Gini of item popularity', 'stat-gini', stats.itemPopularity.gini.toFixed(3)],
  ];
  return (
    <dl className="stats">
      {rows.map(([label, testId, value]) => (
        <div key={testId} className="stat">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
