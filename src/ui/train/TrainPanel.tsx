import { SelectSetting } from './SelectSetting';
import { trainsItemLlm } from '../../compute/trainsItemLlm';
import { matchingPreset, withModelKind } from '../../config/modelSwitch';
import { OfficialDeviations } from './OfficialDeviations';
import { useId } from 'react';
import { useStore } from 'zustand';
import {
  MODEL_KINDS,
  PRESET_DESCRIPTIONS,
  PRESET_NAMES,
  presetRunConfig,
  type ModelKind,
  type PresetName,
} from '../../config/defaults';
import { hllmTextCoverage } from '../../config/hllmTextCoverage';
import { validateRunConfig } from '../../config/parseRunConfig';
import type { LossKind, NegativeSampling, RunConfig } from '../../config/runConfig';
import { FailureMessage } from '../FailureMessage';
import { HllmItemLlmSettings } from '../itemLlm/HllmItemLlmSettings';
import { useStores } from '../storesContext';
import { getField, NUMBER_FIELDS, setField } from './configFields';
import { LiveCharts } from './LiveCharts';
import { MODEL_LABELS } from './modelLabels';
import { NumberInput } from './NumberInput';
import { ProjectionPanel } from './ProjectionPanel';
import { RecoveryAdvice } from './RecoveryAdvice';
import { RunSummary } from './RunSummary';
import { EstimateBox } from './EstimateBox';
import { ModelSetPicker } from './ModelSetPicker';
import { progressLine } from './progressLine';
import { QueueProgress } from './QueueProgress';

/**
 * Why an HLLM run that trains its Item LLM cannot start: its memory plan refuses it, or its model
 * files cannot be read (none for other runs).
 */
function itemLlmProblems(
  config: RunConfig,
  refusal: string | null,
  failure: string | null,
): string[] {
  if (!trainsItemLlm(config)) return [];
  if (refusal !== null) return [`This run would be refused: ${refusal}.`];
  if (failure !== null) return [`Item LLM: ${failure}`];
  return [];
}

const LOSS_OPTIONS: readonly { value: LossKind; text: string }[] = [
  { value: 'infonce', text: 'InfoNCE (HLLM)' },
  { value: 'bce', text: 'BCE, one negative (SASRec)' },
];

const SAMPLING_OPTIONS: readonly { value: NegativeSampling; text: string }[] = [
  { value: 'shared', text: 'One pool for the batch (faster)' },
  { value: 'per-position', text: 'Drawn for each position (official SASRec/HSTU)' },
];

/** The Train step: run settings, start/pause/resume/cancel, live loss and validation charts. */
export function TrainPanel() {
  const { training, data, ui, runs, hllmPlan } = useStores();
  const plan = useStore(hllmPlan, (s) => s.plan);
  const planFailure = useStore(hllmPlan, (s) => s.planFailure);
  const config = useStore(training, (s) => s.config);
  const status = useStore(training, (s) => s.status);
  const progress = useStore(training, (s) => s.progress);
  const failure = useStore(training, (s) => s.failure);
  const summary = useStore(data, (s) => s.summary);
  const hidden = useStore(ui, (s) => s.hidden);
  const lastRun = useStore(runs, (s) => s.runs[s.runs.length - 1]);
  const models = useStore(training, (s) => s.models);
  const queue = useStore(training, (s) => s.queue);
  const { setConfig, start, pause, resume, cancel } = training.getState();
  const modelId = useId();
  const presetId = useId();

  const busy = status === 'running' || status === 'paused';
  const running = queue.find((run) => run.status === 'running');
  const runningEpochs = running?.config.train.epochs ?? config.train.epochs;
  const problems =
    summary === null
      ? ['No dataset is loaded: load one in the Data step.']
      : [
          ...validateRunConfig(config, {
            numItems: summary.stats.items,
            textFields: summary.textFields,
            itemsWithText: summary.stats.itemsWithText,
          }),
          ...itemLlmProblems(config, plan?.refusal ?? null, planFailure?.message ?? null),
        ];
  const textWarning =
    summary !== null && config.model.kind === 'hllm'
      ? hllmTextCoverage(summary.stats.itemsWithText, summary.stats.items).warning
      : undefined;
  const onKind = (kind: ModelKind) => setConfig(withModelKind(config, kind));
  const preset = matchingPreset(config);
  const onPreset = (preset: PresetName) =>
    setConfig({ ...presetRunConfig(preset, config.model.kind), seed: config.seed });

  return (
    <section aria-labelledby="train-title" className="panel">
      <h2 id="train-title">Train</h2>
      <p>
        Dataset: <strong>{summary?.name ?? 'none loaded'}</strong>
      </p>
      <form className="config-form" onSubmit={(event) => event.preventDefault()}>
        {!hidden.includes('model.kind') && (
          <div className="field">
            <label htmlFor={modelId}>Model</label>
            <select
              id={modelId}
              value={config.model.kind}
              disabled={busy}
              onChange={(event) => onKind(event.currentTarget.value as ModelKind)}
            >
              {MODEL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {MODEL_LABELS[kind]}
                  {kind === 'hllm' ? ' (User LLM over item embeddings)' : ''}
                </option>
              ))}
            </select>
          </div>
        )}
        {!hidden.includes('models') && <ModelSetPicker busy={busy} />}
        {!hidden.includes('preset') && (
          <div className="field">
            <label htmlFor={presetId}>Apply preset</label>
            <select
              id={presetId}
              value={preset ?? ''}
              disabled={busy}
              onChange={(event) => onPreset(event.currentTarget.value as PresetName)}
            >
              <option value="" disabled>
                custom settings (choose a preset…)
              </option>
              {PRESET_NAMES.map((preset) => (
                <option key={preset} value={preset}>
                  {preset}: {PRESET_DESCRIPTIONS[preset]}
                </option>
              ))}
            </select>
          </div>
        )}
        {!hidden.includes('train.loss') && (
          <SelectSetting<LossKind>
            label="Loss"
            value={config.train.loss}
            options={LOSS_OPTIONS}
            disabled={busy}
            onValue={(loss) => setConfig({ ...config, train: { ...config.train, loss } })}
          />
        )}
        {config.model.kind !== 'hllm' &&
          config.train.loss === 'infonce' &&
          !hidden.includes('train.negativeSampling') && (
            <SelectSetting<NegativeSampling>
              label="InfoNCE negatives"
              value={config.train.negativeSampling}
              options={SAMPLING_OPTIONS}
              disabled={busy}
              onValue={(negativeSampling) =>
                setConfig({ ...config, train: { ...config.train, negativeSampling } })
              }
            />
          )}
        {NUMBER_FIELDS.filter((field) => !hidden.includes(field.path)).map((field) => (
          <NumberInput
            key={field.path}
            field={field}
            value={getField(config, field.path)}
            disabled={busy}
            onValue={(value) => setConfig(setField(training.getState().config, field.path, value))}
          />
        ))}
        {!hidden.includes('data.chunkHistories') && (
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={config.data.chunkHistories}
                disabled={busy}
                onChange={(event) =>
                  setConfig({
                    ...config,
                    data: { ...config.data, chunkHistories: event.currentTarget.checked },
                  })
                }
              />{' '}
              Long histories become several training samples (official)
            </label>
          </div>
        )}
      </form>
      <OfficialDeviations config={config} />
      {config.model.kind === 'hllm' && <HllmItemLlmSettings busy={busy} />}
      {problems.length > 0 && (
        <ul className="problems" data-testid="config-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {textWarning !== undefined && (
        <p className="notice" data-testid="text-coverage-warning">
          {textWarning}
        </p>
      )}
      <EstimateBox busy={busy} blocked={problems.length > 0} />
      <div className="controls">
        <button type="button" onClick={() => void start()} disabled={busy || problems.length > 0}>
          Start training{models.length > 1 ? ` (${models.length} models in turn)` : ''}
        </button>
        {status === 'paused' ? (
          <button type="button" onClick={resume}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={pause} disabled={status !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" onClick={cancel} disabled={!busy}>
          Cancel
        </button>
      </div>
      <QueueProgress />
      <p role="status" data-testid="train-status" data-status={status}>
        {status === 'idle' && 'Not started.'}
        {busy && progressLine(progress, runningEpochs, status === 'paused')}
        {status === 'finished' && 'Finished.'}
        {status === 'stopped' && 'Stopped.'}
      </p>
      {failure !== null && <FailureMessage failure={failure} />}
      <RecoveryAdvice />
      <LiveCharts />
      <ProjectionPanel />
      {status === 'finished' && lastRun !== undefined && <RunSummary run={lastRun.record} />}
    </section>
  );
}
