import { defaultTextFields } from '../../config/textFields';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { FailureMessage } from '../FailureMessage';
import { useStores } from '../storesContext';
import { CacheSection } from './CacheSection';
import { CheckpointSection } from './CheckpointSection';
import { EncodeSection } from './EncodeSection';

/** Moves the element at `index` by `delta` places (a new array). */
function moved<T>(values: readonly T[], index: number, delta: number): T[] {
  const out = values.slice();
  const target = index + delta;
  if (target < 0 || target >= out.length) return out;
  [out[index], out[target]] = [out[target], out[index]];
  return out;
}

/**
 * The Item LLM step: which text fields make up each item's HLLM prompt, in which order, the exact
 * prompts of a few items, encoding every item with a frozen Item LLM, the checkpoint HLLM
 * fine-tunes, and what the browser caches hold.
 */
export function ItemLlmPanel() {
  const { data, itemLlm, training } = useStores();
  const summary = useStore(data, (s) => s.summary);
  const fields = useStore(itemLlm, (s) => s.fields);
  const samples = useStore(itemLlm, (s) => s.samples);
  const failure = useStore(itemLlm, (s) => s.failure);
  const { preview } = itemLlm.getState();
  const available = summary?.textFields ?? [];

  useEffect(() => {
    if (summary === null) return;
    // An HLLM run's own fields when the dataset has them (a shared link), else the dataset's.
    const model = training.getState().config.model;
    const own = model.kind === 'hllm' ? model.textFields : [];
    const fits = own.length > 0 && own.every((f) => summary.textFields.includes(f));
    void itemLlm.getState().preview(fits ? own : defaultTextFields(summary.textFields));
  }, [summary, itemLlm, training]);

  const ordered = [...fields, ...available.filter((f) => !fields.includes(f))];
  return (
    <section aria-labelledby="item-llm-title" className="panel">
      <h2 id="item-llm-title">Item LLM</h2>
      <p className="notice">
        HLLM turns each item&apos;s text into one vector with an Item LLM. Choose the text fields
        and their order, check the exact prompts, then encode every item below. Without encoded
        items, HLLM runs use a hashed bag-of-words of the item text instead.
      </p>
      {summary === null ? (
        <p>No dataset is loaded.</p>
      ) : available.length === 0 ? (
        <p>This dataset has no item text, so HLLM cannot be used on it.</p>
      ) : (
        <>
          <fieldset className="field-order">
            <legend>Text fields in the prompt, in order</legend>
            <ul>
              {ordered.map((field) => {
                const index = fields.indexOf(field);
                const on = index >= 0;
                return (
                  <li key={field}>
                    <label>
                      <input
                        type="checkbox"
                        checked={on}
                        onChange={() =>
                          void preview(on ? fields.filter((f) => f !== field) : [...fields, field])
                        }
                      />{' '}
                      {field}
                    </label>
                    {on && (
                      <>
                        <button
                          type="button"
                          aria-label={`Move ${field} earlier`}
                          disabled={index === 0}
                          onClick={() => void preview(moved(fields, index, -1))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          aria-label={`Move ${field} later`}
                          disabled={index === fields.length - 1}
                          onClick={() => void preview(moved(fields, index, 1))}
                        >
                          ↓
                        </button>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {failure !== null && <FailureMessage failure={failure} />}
          <h3>Prompts of the first items</h3>
          {samples.length === 0 ? (
            <p>No item has text in the chosen fields.</p>
          ) : (
            <ol className="prompts" data-testid="item-prompts">
              {samples.map((sample) => (
                <li key={sample.index}>
                  <span className="hint">{sample.id}</span>
                  <pre>{sample.prompt}</pre>
                </li>
              ))}
            </ol>
          )}
          <EncodeSection />
          <CheckpointSection />
          <CacheSection />
        </>
      )}
    </section>
  );
}
