import type { SkipCounts } from '../../dataset/types';
import { formatCount } from '../format';

/** Rows skipped by reason and warnings raised while reading the data; says so when there were none. */
export function IngestReport({ skipped, warnings }: { skipped: SkipCounts; warnings: string[] }) {
  const reasons = Object.entries(skipped).filter(([, count]) => count > 0);
  return (
    <section aria-labelledby="ingest-report-title" className="ingest-report">
      <h3 id="ingest-report-title">Skipped rows</h3>
      {reasons.length === 0 ? (
        <p data-testid="skipped-none">No rows were skipped.</p>
      ) : (
        <table data-testid="skipped-table">
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {reasons.map(([reason, count]) => (
              <tr key={reason}>
                <td>{reason}</td>
                <td>{formatCount(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul data-testid="warnings">
            {warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
