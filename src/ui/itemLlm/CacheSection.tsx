import { useEffect } from 'react';
import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { formatCount } from '../format';
import { useStores } from '../storesContext';
import { formatBytes } from '../../runs/units';

/** What the browser caches of model files and item embeddings hold, with a button to empty them. */
export function CacheSection() {
  const { hllmPlan, itemLlm } = useStores();
  const caches = useStore(hllmPlan, (s) => s.caches);
  const failure = useStore(hllmPlan, (s) => s.cacheFailure);
  const encoded = useStore(itemLlm, (s) => s.encoded);
  const downloads = useStore(hllmPlan, (s) => s.downloads);

  useEffect(() => {
    void hllmPlan.getState().refreshCaches();
  }, [encoded, downloads, hllmPlan]);

  return (
    <section aria-labelledby="cache-title">
      <h3 id="cache-title">Caches in this browser</h3>
      <ul data-testid="cache-status">
        {caches.map((c) => (
          <li key={c.name}>
            {c.name} ({c.holds}): {formatCount(c.entries)} entries, {formatBytes(c.bytes)}
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={caches.every((c) => c.entries === 0)}
        onClick={() => void hllmPlan.getState().clearCaches()}
      >
        Clear the caches
      </button>
      {failure !== null && <FailureMessage failure={failure} />}
    </section>
  );
}
