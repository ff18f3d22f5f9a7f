import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FinishedRun, TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';
import type { DeviceInfo } from '../compute/deviceInfo';
import type { ProjectionEvent } from '../compute/projection';
import type { ModelKind } from '../config/defaults';
import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { TrainEvent } from '../training/trainEvents';
import { modelSetConfigs, normaliseModelSet, switchEditedModel } from './modelSet';
import type { Exclusive } from './tabLock';
import { applyTrainEvent, EMPTY_PROGRESS, type TrainProgress } from './trainProgress';

/** The calls the training store makes on the train worker (event callbacks already proxied). */
export type TrainClient = Pick<TrainService, 'train' | 'pause' | 'resume' | 'cancel'>;

/** Where the current run stands. */
export type TrainStatus = 'idle' | 'running' | 'paused' | 'finished' | 'stopped';

/** Where one model of a side-by-side start stands. */
export type QueuedStatus = 'waiting' | 'running' | 'finished' | 'stopped';

/** One model's run in the queue of the last Start: its own config and progress. */
export interface QueuedRun {
  kind: ModelKind;
  config: RunConfig;
  status: QueuedStatus;
  progress: TrainProgress;
  failure: WorkerFailure | null;
}

/** The config of the next run and the progress of the current (or last) one. */
export interface TrainingState {
  /** The config of the edited model (the others of `models` derive theirs from it). */
  config: RunConfig;
  /** The models one Start trains in turn, on the same split and seed; holds `config`'s model. */
  models: ModelKind[];
  status: TrainStatus;
  /** Progress of the run under way (or the last one). */
  progress: TrainProgress;
  /** Every model's run of the last Start, in training order (empty before the first). */
  queue: QueuedRun[];
  /**
   * Why the last run could not start or ended without a record (a cancelled run included); of a
   * side-by-side start, the first such reason.
   */
  failure: WorkerFailure | null;
  /**
   * Replaces the config of the next run; a new model kind takes the old one's place in `models`.
   */
  setConfig(config: RunConfig): void;
  /** Replaces the set of models trained side by side (the config's model always stays in it). */
  setModels(models: readonly ModelKind[]): void;
  /**
   * Trains every model of `models` in turn on the data worker's current dataset, the same split
   * and seed (`modelSetConfigs`); resolves when the last run has ended.
   */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Stops the run under way and the rest of the queue. */
  cancel(): void;
  /**
   * After a run stopped on a lost WebGPU device: moves the train worker to Wasm and starts the
   * same config again there.
   */
  continueOnWasm(): Promise<void>;
}

/** What the training store needs from the rest of the app. */
export interface TrainingDeps {
  client: TrainClient;
  /** The dataset to train on (fetched from the data worker when a run starts). */
  currentDataset(): Promise<Dataset | null>;
  /** Receives each run that finished with a record. */
  onFinished(run: FinishedRun): void;
  /** Hears the end of a side-by-side start (more than one model) in which two or more finished. */
  onQueueFinished?(runs: FinishedRun[]): void;
  /** Fits each queued model's config to the loaded data (e.g. HLLM's prompt fields). */
  fitConfig?(config: RunConfig): RunConfig;
  /** Receives the run's live projection of item embeddings (none asked for when omitted). */
  onProjection?(event: ProjectionEvent): void;
  /** Moves the train worker to Wasm; without it `continueOnWasm` reports that it cannot. */
  switchToWasm?(): Promise<WorkerResult<DeviceInfo>>;
  /** Holds the run across tabs (a Web Lock); every run starts when omitted. */
  exclusive?: Exclusive;
  /**
   * Step events arriving within this many milliseconds are shown together, so that fast training
   * does not re-render the page on every step (0 = show each at once; default 100).
   */
  batchMs?: number;
}

/** Why a run does not start while another tab trains. */
export const ANOTHER_TAB =
  'Another tab of the playground is training: one run at a time in this browser (they would share the device). Start this one when it ends, or cancel it there.';

/** The queue with entry `index` changed by `change`. */
function updated(queue: QueuedRun[], index: number, change: Partial<QueuedRun>): QueuedRun[] {
  return queue.map((run, i) => (i === index ? { ...run, ...change } : run));
}

/** Creates the training store, starting from `config` (and `models` trained side by side). */
export function createTrainingStore(
  deps: TrainingDeps,
  config: RunConfig,
  models: readonly ModelKind[] = [],
): StoreApi<TrainingState> {
  const batchMs = deps.batchMs ?? 100;
  return createStore<TrainingState>()((set, get) => {
    let pending: TrainEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** The queue entry the incoming events belong to. */
    let current = 0;
    let queueCancelled = false;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const events = pending;
      pending = [];
      if (events.length === 0) return;
      set((s) => {
        const progress = events.reduce(applyTrainEvent, s.progress);
        return { progress, queue: updated(s.queue, current, { progress }) };
      });
    };
    const receive = (event: TrainEvent) => {
      pending.push(event);
      if (batchMs === 0 || event.kind !== 'step') flush();
      else timer ??= setTimeout(flush, batchMs);
    };
    return {
      config,
      models: normaliseModelSet([...models, config.model.kind]),
      status: 'idle',
      progress: EMPTY_PROGRESS,
      queue: [],
      failure: null,
      setConfig: (next) =>
        set((s) => ({
          config: next,
          models: switchEditedModel(s.models, s.config.model.kind, next.model.kind),
        })),
      setModels: (next) =>
        set((s) => ({ models: normaliseModelSet([...next, s.config.model.kind]) })),
      start: async () => {
        const status = get().status;
        if (status === 'running' || status === 'paused') return;
        const configs = modelSetConfigs(get().config, get().models, deps.fitConfig);
        queueCancelled = false;
        current = 0;
        set({
          status: 'running',
          progress: EMPTY_PROGRESS,
          failure: null,
          queue: configs.map((c) => ({
            kind: c.model.kind,
            config: c,
            status: 'waiting',
            progress: EMPTY_PROGRESS,
            failure: null,
          })),
        });
        const stopAll = (failure: WorkerFailure) =>
          set((s) => ({
            status: 'stopped',
            failure,
            queue: s.queue.map((run) => ({ ...run, status: 'stopped', failure })),
          }));
        const dataset = await deps.currentDataset().catch((error: unknown) => {
          stopAll(toWorkerFailure(error));
          return undefined;
        });
        if (dataset === undefined) return;
        if (dataset === null) {
          stopAll({
            kind: 'internal',
            message: 'No dataset is loaded: load one in the Data step.',
          });
          return;
        }
        /** Trains queue entry `index`; resolves to its finished run, or null with its failure set. */
        const trainOne = async (index: number): Promise<FinishedRun | null> => {
          current = index;
          set((s) => ({
            progress: EMPTY_PROGRESS,
            queue: updated(s.queue, index, { status: 'running' }),
          }));
          const result = await deps.client
            .train(dataset, configs[index], receive, deps.onProjection)
            .catch((error: unknown): WorkerResult<FinishedRun | null> => ({
              ok: false,
              failure: toWorkerFailure(error),
            }));
          flush();
          let failure: WorkerFailure | null = null;
          if (!result.ok) failure = result.failure;
          else if (result.value === null) {
            const error = get().progress.error;
            failure = {
              kind: 'internal',
              message: error
                ? `${error.code}: ${error.message}`
                : 'The run ended without a result.',
            };
          }
          set((s) => ({
            failure: s.failure ?? failure,
            queue: updated(s.queue, index, {
              status: failure === null ? 'finished' : 'stopped',
              failure,
            }),
          }));
          if (failure !== null || !result.ok || result.value === null) return null;
          deps.onFinished(result.value);
          return result.value;
        };
        const trainAll = async () => {
          const done: FinishedRun[] = [];
          for (let i = 0; i < configs.length; i++) {
            if (queueCancelled) {
              const failure: WorkerFailure = {
                kind: 'internal',
                message: 'Cancelled before it started.',
              };
              set((s) => ({ queue: updated(s.queue, i, { status: 'stopped', failure }) }));
              continue;
            }
            const run = await trainOne(i);
            if (run !== null) done.push(run);
          }
          return done;
        };
        const held = deps.exclusive
          ? await deps.exclusive(trainAll)
          : { ran: true as const, value: await trainAll() };
        if (!held.ran) {
          stopAll({ kind: 'internal', message: ANOTHER_TAB });
          return;
        }
        const finished = held.value;
        set({ status: finished.length === configs.length ? 'finished' : 'stopped' });
        if (configs.length > 1 && finished.length > 1) deps.onQueueFinished?.(finished);
      },
      pause: () => {
        if (get().status !== 'running') return;
        deps.client.pause();
        set({ status: 'paused' });
      },
      resume: () => {
        if (get().status !== 'paused') return;
        deps.client.resume();
        set({ status: 'running' });
      },
      cancel: () => {
        const status = get().status;
        if (status !== 'running' && status !== 'paused') return;
        queueCancelled = true;
        deps.client.cancel();
      },
      continueOnWasm: async () => {
        const status = get().status;
        if (status === 'running' || status === 'paused') return;
        if (deps.switchToWasm === undefined) {
          set({ failure: { kind: 'internal', message: 'This page cannot switch to Wasm.' } });
          return;
        }
        const switched = await deps
          .switchToWasm()
          .catch((error: unknown): WorkerResult<DeviceInfo> => ({
            ok: false,
            failure: toWorkerFailure(error),
          }));
        if (!switched.ok) {
          set({ failure: switched.failure });
          return;
        }
        await get().start();
      },
    };
  });
}
