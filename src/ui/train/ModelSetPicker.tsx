import { useId } from 'react';
import { useStore } from 'zustand';
import { MODEL_KINDS } from '../../config/defaults';
import type { SliceName } from '../../dataset/types';
import { SLICE_NAMES } from '../../evaluation/metrics';
import { toggleModel } from '../../state/modelSet';
import { SLICE_LABELS } from '../compare/sliceLabels';
import { MODEL_COLOURS } from '../palette';
import { useStores } from '../storesContext';
import { MODEL_LABELS } from './modelLabels';

/**
 * "Train side by side": the models one Start trains in turn on the same split and seed (the
 * edited one always among them), and the slice Compare opens on when they have finished.
 */
export function ModelSetPicker({ busy }: { busy: boolean }) {
  const { training, ui } = useStores();
  const models = useStore(training, (s) => s.models);
  const edited = useStore(training, (s) => s.config.model.kind);
  const slice = useStore(ui, (s) => s.compareSlice);
  const sliceId = useId();
  return (
    <fieldset className="model-set" data-testid="model-set">
      <legend>Train side by side (same split and seed, one after another)</legend>
      {MODEL_KINDS.map((kind) => (
        <label key={kind} className="model-choice">
          <input
            type="checkbox"
            checked={models.includes(kind)}
            disabled={busy || kind === edited}
            onChange={() => training.getState().setModels(toggleModel(models, kind, edited))}
          />{' '}
          <span className="swatch" style={{ background: MODEL_COLOURS[kind] }} />{' '}
          {MODEL_LABELS[kind]}
        </label>
      ))}
      {models.length > 1 && (
        <div className="field">
          <label htmlFor={sliceId}>Then compare on</label>
          <select
            id={sliceId}
            value={slice}
            onChange={(event) =>
              ui.getState().setCompareSlice(event.currentTarget.value as SliceName)
            }
          >
            {SLICE_NAMES.map((name) => (
              <option key={name} value={name}>
                {SLICE_LABELS[name]}
              </option>
            ))}
          </select>
        </div>
      )}
      {models.length > 1 && (
        <p className="hint">
          Each model trains from its own settings: the ones above for {MODEL_LABELS[edited]}, the
          same preset (or the classroom one for custom settings of another family) for the others,
          with these data settings and seed.
        </p>
      )}
    </fieldset>
  );
}
