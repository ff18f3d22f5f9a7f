import { useId } from 'react';
import type { HllmConfig, UserInit } from '../../config/runConfig';
import { userInitOf, userLoraOf } from '../../config/hllmUser';
import { IntegerSetting } from './IntegerSetting';

const MIB = 2 ** 20;

/**
 * The HLLM run's User LLM and memory settings: where the User LLM starts (the Item LLM's
 * checkpoint, as the paper, or a small random Llama with a projection), how many checkpoint
 * layers it takes and their LoRA rank, the memory budget (the device's by default) and the
 * items per Item LLM call (0 = planned from the budget).
 */
export function UserLlmSettings({
  model,
  itemLayers,
  deviceBudgetBytes,
  busy,
  onModel,
}: {
  model: HllmConfig;
  /** The Item LLM's decoder layers, once the plan has read its architecture. */
  itemLayers: number | null;
  /** The device's default budget, once known. */
  deviceBudgetBytes: number | null;
  busy: boolean;
  onModel: (next: HllmConfig) => void;
}) {
  const initId = useId();
  const init = userInitOf(model);
  return (
    <>
      <div className="field">
        <label htmlFor={initId}>User LLM starts from</label>
        <select
          id={initId}
          value={init}
          disabled={busy || model.itemEncoder.kind === 'scratch'}
          onChange={(event) =>
            onModel({ ...model, userInit: event.currentTarget.value as UserInit })
          }
        >
          <option value="checkpoint">The Item LLM's checkpoint (the paper)</option>
          <option value="random">A random small Llama with a projection</option>
        </select>
      </div>
      {init === 'checkpoint' && itemLayers !== null && (
        <IntegerSetting
          label={`User LLM layers (of the checkpoint's ${itemLayers})`}
          value={model.userLayers ?? itemLayers}
          min={1}
          disabled={busy}
          onValue={(layers) =>
            onModel({ ...model, userLayers: layers === itemLayers ? undefined : layers })
          }
        />
      )}
      {init === 'checkpoint' && (
        <IntegerSetting
          label="User LLM LoRA rank (0 = its weights train)"
          value={userLoraOf(model)}
          min={0}
          disabled={busy}
          onValue={(userLora) => onModel({ ...model, userLora })}
        />
      )}
      {deviceBudgetBytes !== null && (
        <IntegerSetting
          label={`Memory budget, MiB (this device: ${Math.floor(deviceBudgetBytes / MIB)})`}
          value={model.memoryBudgetMiB ?? Math.floor(deviceBudgetBytes / MIB)}
          min={64}
          disabled={busy}
          onValue={(mib) =>
            onModel({
              ...model,
              memoryBudgetMiB: mib === Math.floor(deviceBudgetBytes / MIB) ? undefined : mib,
            })
          }
        />
      )}
      <IntegerSetting
        label="Items per Item LLM call (0 = planned from the budget)"
        value={model.itemRows ?? 0}
        min={0}
        disabled={busy}
        onValue={(rows) => onModel({ ...model, itemRows: rows === 0 ? undefined : rows })}
      />
    </>
  );
}
