import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FinishedRun, TrainService } from '../compute/trainService';
import { toWorkerFailure, type WorkerFailure, type WorkerResult } from '../compute/workerResult';
import type { DeviceInfo } from '../compute/deviceInfo';
import type { ProjectionEvent } from '../compute/projection';
import type { RunConfig } from '../config/runConfig';
import type { Dataset } from '../dataset/types';
import type { TrainEvent } from '../training/trainEvents';
import type { Exclusive } from './tabLock';
import { applyTrainEvent, EMPTY_PROGRESS, type TrainProgress } from './trainProgress';

/** The calls the training store makes on the train worker (event callbacks already proxied). */
export type TrainClient = Pick<TrainService, 'train' | 'pause' | 'resume' | 'cancel'>;

/** Where the current run stands. */
export type TrainStatus = 'idle' | 'running' | 'paused' | 'finished' | 'stopped';

/** The config of the next run and the progress of the current (or last) one. */
export interface TrainingState {
  config: RunConfig;
  status: TrainStatus;
  progress: TrainProgress;
  /** Why the last run could not start or ended without a record (a cancelled run included). */
  failure: WorkerFailure | null;
  /** Replaces the config of the next run. */
  setConfig(config: RunConfig): void;
  /** Trains `config` on the data worker's current dataset; resolves when the run has ended. */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
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

/** Creates the training store, starting from `config`. */
export function createTrainingStore(
  deps: TrainingDeps,
  config: RunConfig,
): StoreApi<TrainingState> {
  const batchMs = deps.batchMs ?? 100;
  return createStore<TrainingState>()((set, get) => {
    let pending: TrainEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const events = pending;
      pending = [];
      if (events.length > 0) set((s) => ({ progress: events.reduce(applyTrainEvent, s.progress) }));
    };
    const receive = (event: TrainEvent) => {
      pending.push(event);
      if (batchMs === 0 || event.kind !== 'step') flush();
      else timer ??= setTimeout(flush, batchMs);
    };
    return {
      config,
      status: 'idle',
      progress: EMPTY_PROGRESS,
      failure: null,
      setConfig: (next) => set({ config: next }),
      start: async () => {
        const status = get().status;
        if (status === 'running' || status === 'paused') return;
        set({ status: 'running', progress: EMPTY_PROGRESS, failure: null });
        const fail = (error: unknown): WorkerResult<FinishedRun | null> => ({
          ok: false,
          failure: toWorkerFailure(error),
        });
        const dataset = await deps.currentDataset().catch((error: unknown) => {
          set({ status: 'stopped', failure: toWorkerFailure(error) });
          return undefined;
        });
        if (dataset === undefined) return;
        if (dataset === null) {
          set({
            status: 'stopped',
            failure: {
              kind: 'internal',
              message: 'No dataset is loaded: load one in the Data step.',
            },
          });
          return;
        }
        const train = () =>
          deps.client.train(dataset, get().config, receive, deps.onProjection).catch(fail);
        const held = deps.exclusive
          ? await deps.exclusive(train)
          : { ran: true as const, value: await train() };
        if (!held.ran) {
          set({ status: 'stopped', failure: { kind: 'internal', message: ANOTHER_TAB } });
          return;
        }
        const result = held.value;
        flush();
        if (!result.ok) {
          set({ status: 'stopped', failure: result.failure });
        } else if (result.value === null) {
          const error = get().progress.error;
          set({
            status: 'stopped',
            failure: {
              kind: 'internal',
              message: error
                ? `${error.code}: ${error.message}`
                : 'The run ended without a result.',
            },
          });
        } else {
          set({ status: 'finished' });
          deps.onFinished(result.value);
        }
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
        if (status === 'running' || status === 'paused') deps.client.cancel();
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
