import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { useRunNumber } from '../useRunNumber';

/** Milliseconds the ranking waits for typing to settle. */
const RANK_DELAY_MS = 300;

/**
 * Cold start by text: a new item's title and description, and the users the last HLLM run would
 * recommend it to, ranked live as the text changes; says how the text was embedded.
 */
export function NewItemBox() {
  const { explore, runs } = useStores();
  const runNumber = useRunNumber();
  const newItem = useStore(explore, (s) => s.newItem);
  const ranking = useStore(explore, (s) => s.ranking);
  const busy = useStore(explore, (s) => s.rankingBusy);
  const failure = useStore(explore, (s) => s.rankFailure);
  const runCount = useStore(runs, (s) => s.runs.length);
  const ids = { title: useId(), description: useId() };

  useEffect(() => {
    const timer = setTimeout(() => void explore.getState().rankNewItem(), RANK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [newItem, runCount, explore]);

  const set = (key: 'title' | 'description', value: string) =>
    explore.getState().setNewItem({ ...explore.getState().newItem, [key]: value });
  return (
    <section aria-labelledby="new-item-title">
      <h3 id="new-item-title">A new item: who would HLLM recommend it to?</h3>
      <div className="config-form new-item-form">
        <div className="field">
          <label htmlFor={ids.title}>New item title</label>
          <input
            id={ids.title}
            value={newItem.title}
            onChange={(event) => set('title', event.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.description}>New item description</label>
          <textarea
            id={ids.description}
            rows={2}
            value={newItem.description}
            onChange={(event) => set('description', event.currentTarget.value)}
          />
        </div>
      </div>
      <p role="status" data-testid="new-item-status" data-state={busy ? 'ranking' : 'idle'}>
        {busy && 'Ranking users…'}
      </p>
      {failure !== null && <FailureMessage failure={failure} />}
      {ranking !== null && (
        <>
          <p className="hint" data-testid="new-item-embedded-by">
            Run #{runNumber(ranking.runId)} embedded the text with {ranking.embeddedBy}, and ranked
            all {ranking.totalUsers} users by their user vectors.
          </p>
          <ol className="item-list" data-testid="new-item-users">
            {ranking.users.map((u) => (
              <li key={u.user}>
                User {u.userId} <span className="hint">{u.score.toFixed(3)}</span> — recently:{' '}
                {u.recent.map((r) => r.title).join('; ')}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
