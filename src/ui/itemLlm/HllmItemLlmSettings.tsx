import { useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { trainsItemLlm } from '../../compute/trainsItemLlm';
import { defaultHllmConfig } from '../../config/defaults';
import type { HllmConfig, HllmNegatives, ItemEncoderSpec } from '../../config/runConfig';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { IntegerSetting } from './IntegerSetting';
import { MemoryPlanView, withSuggestion } from './MemoryPlanView';
import { UserLlmSettings } from './UserLlmSettings';
import { randomWeightsNote } from './randomWeightsNote';
import {
  ITEM_LLM_MODES,
  itemLlmModeOf,
  itemLlmNameOf,
  withItemEncoder,
  withItemLlmMode,
  type ItemLlmMode,
} from './itemEncoderChoice';

/** Milliseconds the memory estimate waits for typing to settle. */
const PLAN_DELAY_MS = 300;

/**
 * The Train step's HLLM Item LLM settings: mode (frozen, fine-tune top-k or all, scratch), the
 * checkpoint (folder under /models/ or Hub id), LoRA rank, negatives, prompt length, and the
 * memory estimate of the run (with what to shrink when it would be refused).
 */
export function HllmItemLlmSettings({ busy }: { busy: boolean }) {
  const { training, data, itemLlm, hllmPlan } = useStores();
  const config = useStore(training, (s) => s.config);
  const numItems = useStore(data, (s) => s.summary?.stats.items ?? null);
  const encoded = useStore(itemLlm, (s) => s.encoded);
  const plan = useStore(hllmPlan, (s) => s.plan);
  const planFailure = useStore(hllmPlan, (s) => s.planFailure);
  const checkpoints = useStore(hllmPlan, (s) => s.checkpoints);
  const ids = { mode: useId(), model: useId(), list: useId(), negatives: useId() };
  const trains = trainsItemLlm(config);

  useEffect(() => {
    const { checkpoints: loaded, loadCheckpoints } = hllmPlan.getState();
    if (loaded.length === 0) void loadCheckpoints(defaultHllmConfig());
  }, [hllmPlan]);

  useEffect(() => {
    const { refresh, clear } = hllmPlan.getState();
    if (!trains || numItems === null) {
      clear();
      return;
    }
    const timer = setTimeout(() => void refresh(config, numItems), PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [config, numItems, trains, hllmPlan]);

  if (config.model.kind !== 'hllm') return null;
  const model = config.model;
  const spec = model.itemEncoder;
  const mode = itemLlmModeOf(spec);
  const randomNote = randomWeightsNote(itemLlmNameOf(spec));
  const setModel = (next: HllmConfig) => training.getState().setConfig({ ...config, model: next });
  const setSpec = (next: ItemEncoderSpec) => setModel(withItemEncoder(model, next));

  return (
    <fieldset className="config-form" data-testid="hllm-item-llm">
      <legend>HLLM Item LLM</legend>
      <div className="field">
        <label htmlFor={ids.mode}>Item LLM mode</label>
        <select
          id={ids.mode}
          value={mode}
          disabled={busy}
          onChange={(event) =>
            setSpec(withItemLlmMode(spec, event.currentTarget.value as ItemLlmMode))
          }
        >
          {ITEM_LLM_MODES.map((m) => (
            <option key={m.mode} value={m.mode}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {mode !== 'frozen' && (
        <div className="field">
          <label htmlFor={ids.model}>
            {mode === 'scratch' ? 'Tokenizer' : 'Checkpoint'} (folder under /models/ or Hub id)
          </label>
          <input
            id={ids.model}
            list={ids.list}
            value={itemLlmNameOf(spec)}
            disabled={busy}
            onChange={(event) => setSpec(withItemLlmMode(spec, mode, event.currentTarget.value))}
          />
          <datalist id={ids.list}>
            {checkpoints.map((c) => (
              <option key={c.repo} value={c.repo} />
            ))}
          </datalist>
        </div>
      )}
      {spec.kind === 'finetune' && spec.topLayers !== 'all' && (
        <IntegerSetting
          label="Top layers to fine-tune (0 = frozen, run on jax-js)"
          value={spec.topLayers}
          min={0}
          disabled={busy}
          onValue={(topLayers) => setSpec({ ...spec, topLayers })}
        />
      )}
      {spec.kind === 'finetune' && (
        <IntegerSetting
          label="LoRA rank (0 = off)"
          value={spec.lora}
          min={0}
          disabled={busy}
          onValue={(lora) => setSpec({ ...spec, lora })}
        />
      )}
      {spec.kind === 'scratch' && (
        <>
          <IntegerSetting
            label="Scratch layers"
            value={spec.layers}
            min={1}
            disabled={busy}
            onValue={(layers) => setSpec({ ...spec, layers })}
          />
          <IntegerSetting
            label="Scratch width (multiple of 8)"
            value={spec.width}
            min={8}
            disabled={busy}
            onValue={(width) => setSpec({ ...spec, width })}
          />
        </>
      )}
      {trains && (
        <div className="field">
          <label htmlFor={ids.negatives}>Negatives</label>
          <select
            id={ids.negatives}
            value={model.negatives ?? 'reencode'}
            disabled={busy}
            onChange={(event) =>
              setModel({ ...model, negatives: event.currentTarget.value as HllmNegatives })
            }
          >
            <option value="reencode">Re-encoded every step (the paper)</option>
            <option value="epoch-cache">Epoch cache (faster)</option>
          </select>
        </div>
      )}
      {trains && (
        <IntegerSetting
          label="Max text tokens"
          value={model.maxTextTokens}
          min={1}
          disabled={busy}
          onValue={(maxTextTokens) => setModel({ ...model, maxTextTokens })}
        />
      )}
      {trains && (
        <UserLlmSettings
          model={model}
          itemLayers={plan?.itemLayers ?? null}
          deviceBudgetBytes={plan?.deviceBudgetBytes ?? null}
          busy={busy}
          onModel={setModel}
        />
      )}
      {mode !== 'frozen' && randomNote !== null && (
        <p className="hint" data-testid="item-llm-random-weights">
          {randomNote}
        </p>
      )}
      <p className="hint" data-testid="hllm-text-fields">
        Prompt fields, in order: <strong>{model.textFields.join(', ')}</strong> (choose them in the
        Item LLM step).
      </p>
      <p className="notice" data-testid="hllm-note">
        {trains
          ? 'Both LLMs train together on jax-js in this tab; the run record names the checkpoint and what trained.'
          : encoded === null
            ? 'No items are encoded yet (Item LLM step): HLLM will train its User LLM over a 64-d hashed bag-of-words of the item text, and the run record will say so.'
            : `HLLM will use the ${encoded.dim}-d embeddings of ${encoded.model} from the Item LLM step when they cover this dataset's items (otherwise a 64-d hashed bag-of-words of the item text); the run record says which.`}
      </p>
      {trains && plan !== null && (
        <MemoryPlanView
          plan={plan}
          busy={busy}
          onApply={(suggestion) =>
            training.getState().setConfig(withSuggestion(config, suggestion))
          }
        />
      )}
      {trains && planFailure !== null && <FailureMessage failure={planFailure} />}
    </fieldset>
  );
}
