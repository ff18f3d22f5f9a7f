import { useStore } from 'zustand';
import { useStores } from '../storesContext';
import { memoryAdvice } from './memoryAdvice';

/**
 * What to do after a run failed on its device: continue on Wasm after a lost WebGPU device, or
 * the settings to shrink after running out of memory. Nothing for other failures.
 */
export function RecoveryAdvice() {
  const { training, data } = useStores();
  const error = useStore(training, (s) => s.progress.error);
  const status = useStore(training, (s) => s.status);
  const config = useStore(training, (s) => s.config);
  const items = useStore(data, (s) => s.summary?.stats.items ?? null);
  if (status !== 'stopped' || error === null) return null;
  if (error.code === 'device-lost') {
    return (
      <div className="notice recovery" data-testid="recovery" data-code="device-lost">
        <p>
          The GPU stopped answering (the WebGPU device was lost, e.g. after a driver reset or when
          the system reclaimed it). Your settings are kept: the run can start again on WebAssembly
          (CPU), more slowly but reliably.
        </p>
        <button type="button" onClick={() => void training.getState().continueOnWasm()}>
          Continue on Wasm (CPU)
        </button>
      </div>
    );
  }
  if (error.code === 'out-of-memory') {
    return (
      <div className="notice recovery" data-testid="recovery" data-code="out-of-memory">
        <p>The run ran out of memory. Shrink one of these and start again:</p>
        <ul>
          {memoryAdvice(config, items).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    );
  }
  return null;
}
