import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { useRunNumber } from '../useRunNumber';
import { MODEL_LABELS } from '../train/modelLabels';
import { ItemList } from './ItemList';

/**
 * One test user in every finished run, side by side: search by user id or test-user number,
 * the history by title, and each run's top list with scores, the held-out target marked.
 */
export function UserComparison() {
  const { explore, runs: runsStore, inspect } = useStores();
  const runNumber = useRunNumber();
  const runCount = useStore(runsStore, (s) => s.runs.length);
  const shownUser = useStore(inspect, (s) => s.shown?.userId ?? null);
  const query = useStore(explore, (s) => s.query);
  const matches = useStore(explore, (s) => s.matches);
  const comparison = useStore(explore, (s) => s.comparison);
  const failure = useStore(explore, (s) => s.failure);
  const searchId = useId();

  useEffect(() => {
    const { comparison: current, showUser } = explore.getState();
    const userId = shownUser ?? current?.userId;
    if (userId !== undefined && userId !== null) void showUser(userId);
  }, [shownUser, runCount, explore]);

  return (
    <section aria-labelledby="compare-user-title">
      <h3 id="compare-user-title">One user, every run side by side</h3>
      <div className="field">
        <label htmlFor={searchId}>Find a test user (id, or test-user number)</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => void explore.getState().search(event.currentTarget.value)}
        />
      </div>
      {query.trim() !== '' && (
        <ul className="controls" data-testid="user-matches">
          {matches.length === 0 && <li>No test user matches.</li>}
          {matches.map((m) => (
            <li key={m.caseIndex}>
              <button type="button" onClick={() => void explore.getState().showUser(m.userId)}>
                User {m.userId} (test user {m.caseIndex + 1})
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure !== null && <FailureMessage failure={failure} />}
      {comparison !== null && (
        <div data-testid="user-comparison">
          <h4>History of user {comparison.userId} (oldest first)</h4>
          <ItemList items={comparison.history} targetIndex={-1} testId="compare-history" />
          <p>
            Held out: <strong>{comparison.target.title}</strong>
            {comparison.targetCold ? ' (a new item, never seen in training)' : ''}
          </p>
          <div className="inspect">
            {comparison.runs.map((run) => (
              <section key={run.runId} data-testid="compare-run">
                <h4>
                  #{runNumber(run.runId)} {MODEL_LABELS[run.model]} (target at rank{' '}
                  {run.targetRank + 1})
                </h4>
                <ItemList
                  items={run.top}
                  targetIndex={comparison.target.index}
                  testId="compare-top"
                />
              </section>
            ))}
          </div>
          {comparison.missingFrom.length > 0 && (
            <p className="hint">
              Not a test user of run(s){' '}
              {comparison.missingFrom.map((id) => `#${runNumber(id)}`).join(', ')} (another data
              setting).
            </p>
          )}
        </div>
      )}
    </section>
  );
}
