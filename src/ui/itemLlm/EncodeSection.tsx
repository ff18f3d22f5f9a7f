import { randomWeightsNote } from './randomWeightsNote';
import { useId } from 'react';
import { useStore } from 'zustand';
import type { EncoderDevice, EncoderDtype } from '../../itemEncoders/encoderDevice';
import { formatDuration } from '../../runs/units';
import { formatCount } from '../format';
import { useStores } from '../storesContext';
import { FileProgressList } from './FileProgressList';

const DTYPES: readonly EncoderDtype[] = ['fp16', 'fp32', 'q8', 'q4'];
const DEVICES: readonly (EncoderDevice | 'auto')[] = ['auto', 'wasm', 'webgpu'];

/** Display names of the ONNX devices. */
const DEVICE_NAMES: Record<EncoderDevice, string> = { cpu: 'CPU', wasm: 'Wasm', webgpu: 'WebGPU' };

/** Settings, start button, progress and result of encoding every item with a frozen Item LLM. */
export function EncodeSection() {
  const { itemLlm } = useStores();
  const request = useStore(itemLlm, (s) => s.request);
  const progress = useStore(itemLlm, (s) => s.progress);
  const encoded = useStore(itemLlm, (s) => s.encoded);
  const modelFiles = useStore(itemLlm, (s) => s.modelFiles);
  const fields = useStore(itemLlm, (s) => s.fields);
  const { setRequest, encode } = itemLlm.getState();
  const ids = { model: useId(), dtype: useId(), device: useId(), tokens: useId(), batch: useId() };
  const busy = progress !== null;
  const randomNote = randomWeightsNote(request.model);
  const setNumber = (key: 'maxTextTokens' | 'batchSize', text: string) => {
    const value = Number(text);
    if (Number.isInteger(value) && value > 0) setRequest({ ...request, [key]: value });
  };
  return (
    <section aria-labelledby="encode-title">
      <h3 id="encode-title">Encode every item with a frozen Item LLM</h3>
      <p className="hint">
        The model is read from this site&apos;s <code>/models/</code> folder (nothing is
        downloaded). HLLM runs whose Item LLM mode is <em>frozen</em> (the paper&apos;s frozen
        ablation) then use these embeddings instead of hashed text features; the default HLLM run
        fine-tunes its Item LLM instead.
      </p>
      <div className="config-form">
        <div className="field">
          <label htmlFor={ids.model}>Model folder</label>
          <input
            id={ids.model}
            value={request.model}
            disabled={busy}
            onChange={(event) => setRequest({ ...request, model: event.currentTarget.value })}
          />
        </div>
        {randomNote !== null && (
          <p className="hint" data-testid="encode-random-weights">
            {randomNote}
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.dtype}>Weights</label>
          <select
            id={ids.dtype}
            value={request.dtype}
            disabled={busy}
            onChange={(event) =>
              setRequest({ ...request, dtype: event.currentTarget.value as EncoderDtype })
            }
          >
            {DTYPES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.device}>ONNX device</label>
          <select
            id={ids.device}
            value={request.device}
            disabled={busy}
            onChange={(event) =>
              setRequest({
                ...request,
                device: event.currentTarget.value as EncoderDevice | 'auto',
              })
            }
          >
            {DEVICES.map((d) => (
              <option key={d} value={d}>
                {d === 'auto' ? 'fastest (measured warm-up)' : d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.tokens}>Max text tokens</label>
          <input
            id={ids.tokens}
            inputMode="numeric"
            defaultValue={request.maxTextTokens}
            disabled={busy}
            onChange={(event) => setNumber('maxTextTokens', event.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.batch}>Batch size</label>
          <input
            id={ids.batch}
            inputMode="numeric"
            defaultValue={request.batchSize}
            disabled={busy}
            onChange={(event) => setNumber('batchSize', event.currentTarget.value)}
          />
        </div>
      </div>
      <button type="button" disabled={busy || fields.length === 0} onClick={() => void encode()}>
        Encode all items
      </button>
      <p
        role="status"
        data-testid="encode-status"
        data-state={busy ? 'running' : encoded ? 'done' : 'idle'}
      >
        {busy &&
          (progress.total === 0
            ? 'Loading the model…'
            : `${formatCount(progress.done)} of ${formatCount(progress.total)} items — ${progress.itemsPerSecond.toFixed(0)} items/s — about ${formatDuration(progress.etaSeconds)} left`)}
        {!busy &&
          encoded !== null &&
          `Encoded ${formatCount(encoded.items)} items with ${encoded.model} (${encoded.dim}-d, fields ${encoded.fields.join(', ')}) in ${formatDuration(encoded.seconds)}; ${formatCount(encoded.cached)} from the embeddings cache.`}
      </p>
      {modelFiles.length > 0 && (
        <FileProgressList files={modelFiles} activity="load" testId="item-llm-load-files" />
      )}
      {!busy && encoded?.device !== undefined && (
        <p className="badge" data-testid="encoder-device" data-device={encoded.device}>
          Encoder on {DEVICE_NAMES[encoded.device]}
          {encoded.adapter ? ` — ${encoded.adapter}` : ''} —{' '}
          {encoded.shaderF16 ? 'shader-f16' : 'no shader-f16'}
          {encoded.choice !== undefined &&
            ` — warm-up: ${Object.entries(encoded.choice.timings)
              .map(
                ([d, t]) =>
                  `${d} ${typeof t === 'number' ? `${t.toFixed(0)} ms` : `failed (${t})`}`,
              )
              .join(', ')}; fastest kept`}
        </p>
      )}
    </section>
  );
}
