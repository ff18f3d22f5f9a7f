import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { defaultHllmConfig, presetRunConfig } from '../../config/defaults';
import type { ModeFit } from '../../models/hllm/hubCheckpoints';
import { withSuggestion } from './MemoryPlanView';
import { FailureMessage } from '../FailureMessage';
import { formatCount } from '../format';
import { FileProgressList } from './FileProgressList';
import { useStores } from '../storesContext';
import { formatBytes } from '../../runs/units';
import { itemLlmModeOf, itemLlmNameOf, withItemLlmMode } from './itemEncoderChoice';

/**
 * The Item LLM checkpoint to fine-tune: curated small Hub checkpoints with their size and memory
 * need, or any folder under /models/ or Hub id, with per-file download progress of its files.
 */
export function CheckpointSection() {
  const { hllmPlan, training } = useStores();
  const checkpoints = useStore(hllmPlan, (s) => s.checkpoints);
  const downloads = useStore(hllmPlan, (s) => s.downloads);
  const fetching = useStore(hllmPlan, (s) => s.fetching);
  const fetchFailure = useStore(hllmPlan, (s) => s.fetchFailure);
  const config = useStore(training, (s) => s.config);
  const current = config.model.kind === 'hllm' ? itemLlmNameOf(config.model.itemEncoder) : null;
  const [name, setName] = useState<string | null>(null);
  const nameId = useId();
  const chosen = name ?? current ?? 'tiny-llama';

  const base =
    config.model.kind === 'hllm'
      ? config
      : { ...presetRunConfig('classroom-quick', 'hllm'), seed: config.seed };
  const baseModel = base.model.kind === 'hllm' ? base.model : defaultHllmConfig();
  const budgetMiB = baseModel.memoryBudgetMiB;
  const negatives = baseModel.negatives;

  useEffect(() => {
    void hllmPlan
      .getState()
      .loadCheckpoints({ ...defaultHllmConfig(), memoryBudgetMiB: budgetMiB, negatives });
  }, [hllmPlan, budgetMiB, negatives]);

  /** Makes the next HLLM run fine-tune `model` (all layers unless a mode was already chosen). */
  const use = (model: string) => {
    if (base.model.kind !== 'hllm') return;
    const mode = itemLlmModeOf(base.model.itemEncoder);
    const spec = withItemLlmMode(base.model.itemEncoder, mode === 'frozen' ? 'all' : mode, model);
    training.getState().setConfig({ ...base, model: { ...base.model, itemEncoder: spec } });
  };

  /** Makes the next HLLM run this checkpoint in this mode, with the setting that fits if needed. */
  const applyMode = (mode: ModeFit) => {
    if (base.model.kind !== 'hllm') return;
    const chosen = {
      ...base,
      model: {
        ...base.model,
        itemEncoder: mode.model.itemEncoder,
        userInit: mode.model.userInit,
        userLayers: undefined,
        userLora: undefined,
        itemRows: undefined,
      },
    };
    training
      .getState()
      .setConfig(mode.suggestion === null ? chosen : withSuggestion(chosen, mode.suggestion));
  };

  const workload = checkpoints[0]?.workload;
  return (
    <section aria-labelledby="checkpoint-title">
      <h3 id="checkpoint-title">Item LLM checkpoint to fine-tune</h3>
      <p className="hint">
        HLLM fine-tuning runs a Llama or Qwen2 checkpoint (config.json, model.safetensors,
        tokenizer) on jax-js in this tab. Next run: <strong>{current ?? 'not an HLLM run'}</strong>
        {config.model.kind === 'hllm' && ` (${itemLlmModeOf(config.model.itemEncoder)})`}.
      </p>
      {workload !== undefined && (
        <table data-testid="hub-checkpoints">
          <caption>
            Small Hub checkpoints; memory of an HLLM run over {formatCount(workload.catalogueItems)}{' '}
            items (batch {workload.batchSize} × history {workload.maxHistory},{' '}
            {workload.numNegatives} negatives, {workload.textTokens} text tokens, User LLM from the
            checkpoint) against {formatBytes(checkpoints[0].budgetBytes)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Checkpoint</th>
              <th scope="col">Parameters</th>
              {checkpoints[0].modes.map((m) => (
                <th key={m.name} scope="col">
                  {m.name}
                </th>
              ))}
              <th scope="col">Note</th>
              <th scope="col">Use</th>
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((c) => (
              <tr key={c.repo}>
                <th scope="row">{c.repo}</th>
                <td>{(c.params / 1e6).toFixed(0)}M</td>
                {c.modes.map((m) => (
                  <td key={m.name}>
                    {formatBytes(m.totalBytes)} {m.fits ? '✓' : '✗'}
                    {m.suggestion !== null && (
                      <span className="hint"> fits with {m.suggestion.label}</span>
                    )}
                    {(m.fits || m.suggestion !== null) && (
                      <button
                        type="button"
                        aria-label={`Use ${c.repo} ${m.name} in the next HLLM run`}
                        onClick={() => applyMode(m)}
                      >
                        Use
                      </button>
                    )}
                  </td>
                ))}
                <td>{c.note}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Fine-tune ${c.repo} in the next HLLM run`}
                    onClick={() => use(c.repo)}
                  >
                    Use
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="config-form">
        <div className="field">
          <label htmlFor={nameId}>Folder under /models/ or Hub id (owner/name[@revision])</label>
          <input
            id={nameId}
            value={chosen}
            onChange={(event) => setName(event.currentTarget.value)}
          />
        </div>
        <div className="controls">
          <button type="button" disabled={chosen.trim() === ''} onClick={() => use(chosen.trim())}>
            Fine-tune it in the next HLLM run
          </button>
          <button
            type="button"
            disabled={fetching || chosen.trim() === ''}
            onClick={() => void hllmPlan.getState().fetchFiles(chosen.trim())}
          >
            Fetch its files
          </button>
        </div>
      </div>
      {downloads.length > 0 && (
        <FileProgressList files={downloads} activity="download" testId="item-llm-downloads" />
      )}
      {fetchFailure !== null && <FailureMessage failure={fetchFailure} />}
    </section>
  );
}
