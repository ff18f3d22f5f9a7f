import { officialDeviations } from '../../config/officialDeviations';
import type { RunConfig } from '../../config/runConfig';

/** How the run about to start departs from the official HLLM code's settings (sizes aside). */
export function OfficialDeviations({ config }: { config: RunConfig }) {
  const deviations = officialDeviations(config);
  return (
    <details className="notice" data-testid="official-deviations">
      <summary>
        {deviations.length === 0
          ? 'Follows the official HLLM settings (sizes scaled to the tab).'
          : `${deviations.length} difference${deviations.length === 1 ? '' : 's'} from the official HLLM settings`}
      </summary>
      <ul>
        {deviations.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
    </details>
  );
}
