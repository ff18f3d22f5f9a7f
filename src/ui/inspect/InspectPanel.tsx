import { useId } from 'react';
import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { useRunNumber } from '../useRunNumber';
import { MODEL_LABELS } from '../train/modelLabels';
import { ItemList } from './ItemList';
import { NewItemBox } from './NewItemBox';
import { UserComparison } from './UserComparison';

/**
 * The Inspect step: one test user's history, held-out item and both top-10 lists of a run; the
 * same user in every run side by side with scores; and users ranked for a new item's text.
 */
export function InspectPanel() {
  const { runs: runsStore, inspect } = useStores();
  const runNumber = useRunNumber();
  const runs = useStore(runsStore, (s) => s.runs);
  const runId = useStore(inspect, (s) => s.runId);
  const caseIndex = useStore(inspect, (s) => s.caseIndex);
  const caseCount = useStore(inspect, (s) => s.caseCount);
  const shown = useStore(inspect, (s) => s.shown);
  const failure = useStore(inspect, (s) => s.failure);
  const coldOnly = useStore(inspect, (s) => s.coldOnly);
  const coldCases = useStore(inspect, (s) => s.coldCases);
  const { select, show, setColdOnly, step } = inspect.getState();
  const runSelectId = useId();
  const caseInputId = useId();
  if (runs.length === 0) {
    return (
      <section aria-labelledby="inspect-title" className="panel">
        <h2 id="inspect-title">Inspect</h2>
        <p className="notice">
          No run has finished in this tab yet: train one in the Train step to inspect its
          recommendations.
        </p>
      </section>
    );
  }
  const run = runs.find((r) => r.id === runId);
  return (
    <section aria-labelledby="inspect-title" className="panel">
      <h2 id="inspect-title">Inspect</h2>
      <div className="config-form">
        <div className="field">
          <label htmlFor={runSelectId}>Run</label>
          <select
            id={runSelectId}
            value={runId ?? ''}
            onChange={(event) => void select(Number(event.currentTarget.value))}
          >
            <option value="" disabled>
              choose a run…
            </option>
            {runs.map(({ id, record }) => (
              <option key={id} value={id}>
                #{runNumber(id)} {MODEL_LABELS[record.config.model.kind]} on {record.dataset.name}
              </option>
            ))}
          </select>
        </div>
        {run !== undefined && caseCount > 0 && (
          <div className="field">
            <label htmlFor={caseInputId}>Test user (1–{caseCount})</label>
            <input
              id={caseInputId}
              type="number"
              min={1}
              max={caseCount}
              value={caseIndex + 1}
              onChange={(event) => {
                const value = event.currentTarget.valueAsNumber;
                if (Number.isFinite(value)) void show(value - 1);
              }}
            />
          </div>
        )}
        {run !== undefined && caseCount > 0 && (
          <div className="controls">
            <button
              type="button"
              onClick={() => void step(-1)}
              disabled={
                coldOnly && coldCases !== null
                  ? !coldCases.some((i) => i < caseIndex)
                  : caseIndex === 0
              }
            >
              Previous user
            </button>
            <button
              type="button"
              onClick={() => void step(1)}
              disabled={
                coldOnly && coldCases !== null
                  ? !coldCases.some((i) => i > caseIndex)
                  : caseIndex >= caseCount - 1
              }
            >
              Next user
            </button>
            <label>
              <input
                type="checkbox"
                checked={coldOnly}
                onChange={(event) => void setColdOnly(event.currentTarget.checked)}
              />{' '}
              Only users whose held-out item is new
              {coldOnly && coldCases !== null ? ` (${coldCases.length})` : ''}
            </label>
          </div>
        )}
      </div>
      {failure !== null && <FailureMessage failure={failure} />}
      {shown !== null && run !== undefined && (
        <div className="inspect" data-testid="inspected-case">
          <section>
            <h3>History of user {shown.userId} (oldest first)</h3>
            <ItemList items={shown.history} targetIndex={-1} testId="inspect-history" />
            <p data-testid="inspect-target">
              Held out: <strong>{shown.target.title}</strong>{' '}
              {shown.targetCold
                ? '(a new item, never seen in training)'
                : `(${shown.targetTrainCount} training interaction${shown.targetTrainCount === 1 ? '' : 's'})`}
            </p>
          </section>
          <section>
            <h3>
              {MODEL_LABELS[run.record.config.model.kind]} top {shown.modelTop.length} (target at
              rank {shown.modelRank + 1})
            </h3>
            <ItemList
              items={shown.modelTop}
              targetIndex={shown.target.index}
              testId="inspect-model"
            />
          </section>
          <section>
            <h3>
              Popularity top {shown.popularityTop.length} (target at rank {shown.popularityRank + 1}
              )
            </h3>
            <ItemList
              items={shown.popularityTop}
              targetIndex={shown.target.index}
              testId="inspect-popularity"
            />
          </section>
        </div>
      )}
      <UserComparison />
      <NewItemBox />
    </section>
  );
}
