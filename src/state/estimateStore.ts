import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure } from '../compute/workerResult';
import { presetRunConfig, type ModelKind } from '../config/defaults';
import { matchingPreset } from '../config/modelSwitch';
import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { RunEstimate } from '../pipeline/estimateRun';
import { modelSetConfigs } from './modelSet';

/** The preset offered when a run would take long. */
export const SMALLER_PRESET = 'classroom-quick';

/** The warm-up estimates of one Start: every model of the set, and the same set as the smaller preset. */
export interface SetEstimate {
  /** One estimate per model, in training order. */
  runs: RunEstimate[];
  /** The same models under `SMALLER_PRESET`; null when the config already is that preset. */
  smaller: RunEstimate[] | null;
}

/** Where the pre-run estimate stands. */
export interface EstimateState {
  status: 'idle' | 'measuring' | 'done' | 'failed';
  estimate: SetEstimate | null;
  failure: WorkerFailure | null;
  /** Times a short warm-up of every run the next Start would train (and of the smaller preset). */
  measure(): Promise<void>;
  /** Stops the warm-up under way; the estimate is dropped. */
  cancel(): void;
  /** Drops the estimate (the settings changed). */
  reset(): void;
}

/** What the estimate store needs from the rest of the app. */
export interface EstimateDeps {
  client: Pick<TrainService, 'estimate' | 'cancelEstimate'>;
  currentDataset(): Promise<Dataset | null>;
  /** The edited config and the models a Start would train. */
  currentSet(): { config: RunConfig; models: readonly ModelKind[] };
  /** Fits each model's config to the loaded data (as the training store does). */
  fitConfig?(config: RunConfig): RunConfig;
}

/** The config `config` would be under the smaller preset (its seed kept), or null when it is. */
export function smallerPresetConfig(config: RunConfig): RunConfig | null {
  if (matchingPreset(config) === SMALLER_PRESET) return null;
  return { ...presetRunConfig(SMALLER_PRESET, config.model.kind), seed: config.seed };
}

/** Sum of one field over a set's estimates. */
export function totalOf(runs: readonly RunEstimate[], field: 'steps' | 'totalSeconds'): number {
  return runs.reduce((sum, run) => sum + run[field], 0);
}

/** Creates the pre-run estimate store. */
export function createEstimateStore(deps: EstimateDeps): StoreApi<EstimateState> {
  return createStore<EstimateState>()((set, get) => {
    /** Bumped by every new measurement, reset and cancel, so a stale answer is dropped. */
    let generation = 0;
    return {
      status: 'idle',
      estimate: null,
      failure: null,
      measure: async () => {
        if (get().status === 'measuring') return;
        const mine = ++generation;
        set({ status: 'measuring', estimate: null, failure: null });
        const { config, models } = deps.currentSet();
        const configs = modelSetConfigs(config, models, deps.fitConfig);
        const smaller = smallerPresetConfig(config);
        const smallerConfigs =
          smaller === null ? null : modelSetConfigs(smaller, models, deps.fitConfig);
        try {
          const dataset = await deps.currentDataset();
          if (dataset === null) throw new Error('No dataset is loaded: load one in the Data step.');
          const measureAll = async (list: RunConfig[]) => {
            const out: RunEstimate[] = [];
            for (const c of list) {
              if (mine !== generation) return null;
              const result = await deps.client.estimate(dataset, c);
              if (!result.ok) throw new Error(result.failure.message);
              out.push(result.value);
            }
            return out;
          };
          const runs = await measureAll(configs);
          const small = smallerConfigs === null ? null : await measureAll(smallerConfigs);
          if (mine !== generation || runs === null) return;
          set({ status: 'done', estimate: { runs, smaller: small } });
        } catch (error) {
          if (mine === generation) set({ status: 'failed', failure: toWorkerFailure(error) });
        }
      },
      cancel: () => {
        if (get().status !== 'measuring') return;
        generation++;
        deps.client.cancelEstimate();
        set({ status: 'idle', estimate: null, failure: null });
      },
      reset: () => {
        if (get().status === 'measuring') deps.client.cancelEstimate();
        generation++;
        set({ status: 'idle', estimate: null, failure: null });
      },
    };
  });
}
