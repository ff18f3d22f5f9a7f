import type { ItemLlmPlan } from '../../compute/itemLlmPlan';
import type { HllmConfig, RunConfig } from '../../config/runConfig';
import type { FitSuggestion } from '../../models/hllm/hllmPlan';
import { formatBytes } from '../../runs/units';

/** `config` with a suggestion's model and training settings applied. */
export function withSuggestion(config: RunConfig, suggestion: FitSuggestion): RunConfig {
  if (config.model.kind !== 'hllm') return config;
  const model: HllmConfig = { ...config.model, ...suggestion.model };
  return { ...config, model, train: { ...config.train, ...suggestion.train } };
}

/**
 * The memory plan of the HLLM run about to start: its estimate by part against the budget, the
 * micro-batch and stage size it will use, each Item LLM mode's estimate, and, when it does not
 * fit, why and the nearest settings that do, each applied with one click.
 */
export function MemoryPlanView({
  plan,
  busy,
  onApply,
}: {
  plan: ItemLlmPlan;
  busy: boolean;
  onApply: (suggestion: FitSuggestion) => void;
}) {
  const fits = plan.refusal === null;
  const m = plan.memory;
  return (
    <div data-testid="item-llm-memory" data-fits={fits ? 'yes' : 'no'}>
      <p className={fits ? 'hint' : 'problems'}>
        Item LLM {plan.source}: {(plan.params / 1e6).toFixed(plan.params < 1e6 ? 3 : 0)}M parameters
        (from {plan.architectureFrom}); memory estimate{' '}
        <strong data-testid="item-llm-memory-total">{formatBytes(m.total)}</strong> of{' '}
        {formatBytes(plan.budgetBytes)}
        {plan.budgetBytes !== plan.deviceBudgetBytes &&
          ` (the device offers ${formatBytes(plan.deviceBudgetBytes)})`}
        : weights {formatBytes(m.weights)}, optimiser {formatBytes(m.optimizer)}, activations{' '}
        {formatBytes(m.activations)}, item tables {formatBytes(m.tables)}
        {m.setup > 0 && `; set-up peak ${formatBytes(m.setup)}`}
        {m.hostCache > 0 && `; cached text states ${formatBytes(m.hostCache)} in the tab's memory`}
        {m.hostTable > 0 &&
          `; trained token embeddings ${formatBytes(m.hostTable)} in the tab's memory`}
        . It runs {plan.itemRows} item{plan.itemRows === 1 ? '' : 's'} per Item LLM call,{' '}
        {plan.stageLayers} layer{plan.stageLayers === 1 ? '' : 's'} per recomputed stage.
        {!fits && <strong> This run would be refused: {plan.refusal}.</strong>}
      </p>
      {plan.modes.length > 0 && (
        <table data-testid="item-llm-modes">
          <caption>This run under each Item LLM mode</caption>
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Estimate</th>
              <th scope="col">Fits {formatBytes(plan.budgetBytes)}</th>
            </tr>
          </thead>
          <tbody>
            {plan.modes.map((mode) => (
              <tr key={mode.name}>
                <th scope="row">{mode.name}</th>
                <td>{formatBytes(mode.totalBytes)}</td>
                <td>{mode.fits ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!fits && plan.suggestions.length > 0 && (
        <ul className="suggestions" data-testid="item-llm-suggestions">
          {plan.suggestions.map((s) => (
            <li key={s.label}>
              Fits with {s.label} ({formatBytes(s.totalBytes)}){' '}
              <button type="button" disabled={busy} onClick={() => onApply(s)}>
                Apply
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
