import { comparisonSummary } from './comparisonBars';
import type { PrecomputedComparison } from './precomputed';
import precomputed from './precomputedComparison.json';

/** The comparison shipped with the page. */
const COMPARISON = precomputed as PrecomputedComparison;

/** The precomputed comparison collapsed to one line, with a button that reopens it. */
export function PreviewSummary({ onOpen }: { onOpen: () => void }) {
  return (
    <p className="preview-summary" data-testid="precomputed-summary">
      <span>Precomputed: {comparisonSummary(COMPARISON.runs, 'R@10')}.</span>{' '}
      <button type="button" onClick={onOpen}>
        Show the precomputed comparison
      </button>
    </p>
  );
}
