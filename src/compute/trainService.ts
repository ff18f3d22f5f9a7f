import { evalHistoryOf, type HllmConfig, type RunConfig } from '../config/runConfig';
import type { Dataset, ItemText } from '../dataset/types';
import { budgetOf } from '../models/hllm/createHllm';
import { defaultMemoryBackend, deviceBudgetBytes } from '../models/hllm/memoryBackend';
import type { HostTensor } from '../models/recommender';
import type { RunRecord } from '../runs/runRecord';
import { TrainControl } from '../training/trainControl';
import type { TrainEvent } from '../training/trainEvents';
import type { EmbeddingCache } from '../itemEncoders/embeddingCache';
import type { EncodeProgress } from '../itemEncoders/progress';
import type { ModelFiles } from '../itemEncoders/modelFiles';
import { detectDevice } from './detectDevice';
import { withEncodedItems, withHashedItemFeatures } from './hllmFeatures';
import {
  hashedRow,
  itemLlmSetup,
  precomputedSetup,
  type HllmSetup,
  type MemoryTarget,
} from './hllmSetup';
import { trainsItemLlm } from './trainsItemLlm';
import { curatedCheckpoints, type CuratedCheckpoint } from './curatedCheckpoints';
import { deviceLabel, type DeviceInfo } from './deviceInfo';
import type { EncodedItems, ItemEncodingRequest, ItemEncodingSummary } from './itemEncoding';
import type { CacheStatus } from './cacheStatus';
import type { FileDownloadProgress, FileProgressCallback } from './itemLlmFiles';
import { planItemLlm, type ItemLlmPlan } from './itemLlmPlan';
import {
  embedWithTrainedParams,
  rankUsersForNewItem,
  userVectorsOf,
  type NewItemRanking,
  type NewItemScorer,
} from './newItemRanking';
import { inspectCase, type InspectedCase, type RunInspectionData } from './runInspection';
import {
  compareUser,
  searchTestUsers,
  type ScoredRun,
  type UserComparison,
  type UserMatch,
} from './userComparison';
import { runJob, type WorkerResult } from './workerResult';
import { getWebGPUDevice } from '@jax-js/jax';
import { transfer } from 'comlink';
import { watchDeviceLoss } from './deviceLoss';
import { watchGpuBuffers, watchWasmHeap, wasmHeapBytes } from './memoryMeter';
import { liveRun, type LiveRun } from './liveRun';
import { estimateRun, type RunEstimate } from '../pipeline/estimateRun';
import { runExperiment } from '../pipeline/runExperiment';
import { trainRun } from '../training/trainer';
import type { ProjectionEvent } from './projection';
import {
  checkpointBytes,
  collectRunArtifacts,
  projectorFiles,
  type ProjectorFiles,
  type RunArtifacts,
} from './runArtifacts';
import { switchToWasm } from './wasmFallback';

/** A run that finished in the train worker: its record and the id to inspect it by. */
export interface FinishedRun {
  /** Index of the run in this worker, for `inspect` and `testCaseCount`. */
  id: number;
  record: RunRecord;
}

/** What the train worker exposes: device detection, training runs and inspection of their results. */
export interface TrainService {
  /** Initialises jax-js in this worker and reports the device it will compute on. */
  detectDevice(): Promise<WorkerResult<DeviceInfo>>;
  /**
   * Preprocesses and splits `dataset` as `config.data` says, then trains and evaluates
   * `config.model`. HLLM with a `finetune` or `scratch` Item LLM trains both LLMs jointly on
   * jax-js; with a `frozen` one its User LLM trains over the Item LLM step's embeddings (or a
   * hashed bag-of-words of the text when there are none). Progress goes to `onEvent`; resolves to
   * the run's record and id, or to null when the run ended without one (its `error` event says
   * why, cancellation included).
   */
  train(
    dataset: Dataset,
    config: RunConfig,
    onEvent: (event: TrainEvent) => void,
    onProjection?: (event: ProjectionEvent) => void,
  ): Promise<WorkerResult<FinishedRun | null>>;
  /**
   * Runs a frozen Item LLM over every item of `dataset` and keeps the embeddings in this worker;
   * later HLLM runs on the same items use them instead of hashed text features. `onFileProgress`
   * follows each model file while the model loads, as `fetchItemLlm` reports its downloads.
   */
  encodeItems(
    dataset: Dataset,
    request: ItemEncodingRequest,
    onProgress: (progress: EncodeProgress) => void,
    onFileProgress?: (progress: FileDownloadProgress) => void,
  ): Promise<WorkerResult<ItemEncodingSummary>>;
  /**
   * Estimates the run `config` on `dataset` here from a short warm-up (`estimateRun`): its steps
   * and seconds, measured with a few real steps on this worker's device, the model discarded.
   * Refused while a run trains; a run that starts cancels it.
   */
  estimate(dataset: Dataset, config: RunConfig): Promise<WorkerResult<RunEstimate>>;
  /** Stops the warm-up under way before its next step. */
  cancelEstimate(): void;
  /** Holds the current run before its next step. */
  pause(): void;
  /** Lets a paused run continue. */
  resume(): void;
  /** Stops the current run before its next step. */
  cancel(): void;
  /** Number of test cases of the finished run with id `runId`. */
  testCaseCount(runId: number): Promise<WorkerResult<number>>;
  /** Indices of the test cases of finished run `runId` whose held-out item is new (cold). */
  coldCases(runId: number): Promise<WorkerResult<number[]>>;
  /** History, target and top lists of one test case of the finished run with id `runId`. */
  inspect(runId: number, caseIndex: number): Promise<WorkerResult<InspectedCase>>;
  /** The best parameters of finished run `runId` as a safetensors checkpoint. */
  exportCheckpoint(runId: number): Promise<WorkerResult<Uint8Array>>;
  /** The item embeddings of finished run `runId` as Embedding Projector TSV files. */
  exportItemEmbeddings(runId: number): Promise<WorkerResult<ProjectorFiles>>;
  /** Moves this worker's computation to Wasm (after a lost WebGPU device); later runs use it. */
  useWasm(): Promise<WorkerResult<DeviceInfo>>;
  /**
   * The curated small Hub checkpoints with size and, per Item LLM mode, the memory estimate of an
   * HLLM run with `base`'s other settings against the config's budget (else the device's).
   */
  hubCheckpoints(base: HllmConfig): Promise<WorkerResult<CuratedCheckpoint[]>>;
  /**
   * The memory plan of the HLLM run `config` over `numItems` items on this worker's device: its
   * estimate against the budget (the config's `memoryBudgetMiB`, else the device's), the
   * nearest settings that fit when it does not, and each Item LLM mode's estimate.
   */
  planItemLlm(config: RunConfig, numItems: number): Promise<WorkerResult<ItemLlmPlan>>;
  /**
   * Fetches the files of Item LLM `name` (a folder under /models/ or a Hub id), reporting
   * per-file progress; Hub files stay in transformers.js's cache for the run.
   */
  fetchItemLlm(
    name: string,
    files: readonly string[],
    onProgress: (progress: FileDownloadProgress) => void,
  ): Promise<WorkerResult<FileDownloadProgress[]>>;
  /** Test users of the latest finished run whose id contains `query` (or the n-th when a number). */
  searchUsers(query: string, limit: number): Promise<WorkerResult<UserMatch[]>>;
  /** Test user `userId` in every finished run, top lists with scores side by side. */
  compareUser(userId: string): Promise<WorkerResult<UserComparison>>;
  /** Entries and size of each cache of model files and item embeddings. */
  cacheStatus(): Promise<WorkerResult<CacheStatus[]>>;
  /** Empties those caches; resolves to their status afterwards. */
  clearCaches(): Promise<WorkerResult<CacheStatus[]>>;
  /** The `k` users the last HLLM run would recommend a new item (its text) to. */
  rankUsersForNewItem(item: ItemText, k: number): Promise<WorkerResult<NewItemRanking>>;
}

/** Environment-specific set-up of the Item LLM (model folder, ONNX Runtime files). */
export interface TrainServiceOptions {
  /** Configures transformers.js before the first encoding; without it encoding is refused. */
  configureModels?: () => void | Promise<void>;
  /** Opens the cache that keeps item embeddings between encodings (none when omitted). */
  openEmbeddingCache?: () => Promise<EmbeddingCache>;
  /**
   * Resolves an Item LLM name to its files (fine-tuned and scratch HLLM); without it such runs
   * are refused.
   */
  itemLlmFiles?: (name: string, onProgress?: FileProgressCallback) => ModelFiles;
  /** What the browser caches hold, and how to empty them (none where omitted). */
  caches?: { status(): Promise<CacheStatus[]>; clear(): Promise<void> };
}

/** The settings of the last encoding, to embed new item text the same way. */
type EncodingState = EncodedItems & { request: ItemEncodingRequest };

/** Refusal of Item LLM work where no model files can be reached. */
function noItemLlmFiles(): never {
  throw new Error('Item LLM fine-tuning is not set up in this environment (no model files).');
}

/**
 * Reads the device's peak memory for run records: jax-js's Wasm heap, or the bytes of live
 * WebGPU buffers counted from now on.
 */
function memoryReader(
  device: DeviceInfo,
): () => { peakBytes: number; kind: 'wasm-heap' | 'gpu-buffers' } {
  if (device.kind === 'wasm') return () => ({ peakBytes: wasmHeapBytes(), kind: 'wasm-heap' });
  const meter = watchGpuBuffers(getWebGPUDevice());
  meter.resetPeak();
  return () => ({ peakBytes: meter.peakBytes(), kind: 'gpu-buffers' });
}

/** Creates the train worker's service; device detection runs once and is cached. */
export function createTrainService(options: TrainServiceOptions = {}): TrainService {
  watchWasmHeap();
  let device: Promise<WorkerResult<DeviceInfo>> | undefined;
  let encoded: EncodingState | null = null;
  let modelsConfigured = false;
  let cache: Promise<EmbeddingCache> | undefined;
  let control: TrainControl | null = null;
  /** The warm-up under way: its control and its end (settled either way). */
  let estimating: { control: TrainControl; ended: Promise<unknown> } | null = null;
  const artifacts: RunArtifacts[] = [];
  let deviceLost: () => string | null = () => null;
  const artifactsOf = (runId: number): RunArtifacts => {
    const found = artifacts[runId];
    if (found === undefined) throw new RangeError(`run ${runId} has not finished in this tab`);
    return found;
  };
  let newItemScorer: NewItemScorer | null = null;
  const finished: ScoredRun[] = [];
  const runData = (runId: number): RunInspectionData => {
    const data = finished[runId];
    if (data === undefined) throw new RangeError(`run ${runId} has not finished in this tab`);
    return data.data;
  };
  const detect = () => {
    device ??= runJob(async () => {
      const info = await detectDevice();
      if (info.kind === 'webgpu') deviceLost = watchDeviceLoss(getWebGPUDevice());
      return info;
    });
    return device;
  };
  const configureModels = async () => {
    if (options.configureModels === undefined) {
      throw new Error('Item LLM encoding is not set up in this environment.');
    }
    if (!modelsConfigured) {
      await options.configureModels();
      modelsConfigured = true;
    }
  };
  const filesOf = (name: string) => (options.itemLlmFiles ?? noItemLlmFiles)(name);
  /** The device's memory backend, default budget and how frozen weights are stored on it. */
  const memoryTarget = async (): Promise<MemoryTarget> => {
    const found = await detect();
    const backend = defaultMemoryBackend();
    const deviceMemory = (globalThis.navigator as { deviceMemory?: number } | undefined)
      ?.deviceMemory;
    const f16 = found.ok && found.value.kind === 'webgpu' && found.value.shaderF16;
    return {
      backend,
      budgetBytes: deviceBudgetBytes(backend, deviceMemory),
      storage: f16 ? 'float16' : 'float32',
    };
  };

  /** One new item's row of the frozen ONNX Item LLM of the last encoding ([1, dim]). */
  const frozenRow = async (state: EncodingState, item: ItemText): Promise<HostTensor> => {
    await configureModels();
    const { encodeDatasetItems } = await import('./itemEncoding');
    const one: Dataset = {
      name: 'new item',
      userIds: [],
      itemIds: ['new item'],
      itemText: [item],
      textFields: state.summary.fields,
      sequences: [],
      timestamps: [],
      hasTimestamps: false,
    };
    // The device the encoding ran on, so that `auto` does not time a warm-up again.
    const device = state.summary.device ?? state.request.device;
    return (await encodeDatasetItems(one, { ...state.request, device })).table;
  };

  const hllmSetup = async (config: RunConfig, prepared: Dataset): Promise<HllmSetup> => {
    if (trainsItemLlm(config)) return itemLlmSetup(config, prepared, filesOf, await memoryTarget());
    const state = encoded;
    const fromEncoder = state && withEncodedItems(config, prepared, state);
    if (state !== null && fromEncoder !== null) {
      return precomputedSetup(
        fromEncoder,
        (item) => frozenRow(state, item),
        `the frozen Item LLM ${state.summary.model} (ONNX, as in the Item LLM step), then the run's trained projection`,
      );
    }
    const hashed = withHashedItemFeatures(config, prepared);
    const fields = hashed.config.model.kind === 'hllm' ? hashed.config.model.textFields : [];
    return precomputedSetup(
      hashed,
      async (item) => hashedRow(item, fields),
      "a hashed bag-of-words of the text (this run used no Item LLM), then the run's trained projection",
    );
  };

  return {
    detectDevice: detect,
    train: (dataset, config, onEvent, onProjection) =>
      runJob(async () => {
        if (control !== null) throw new Error('A run is already in progress in this worker.');
        const own = new TrainControl();
        control = own;
        // The live side (projection, device loss) needs the split, so it starts once prepared.
        const live: { run: LiveRun | null } = { run: null };
        try {
          if (estimating !== null) {
            estimating.control.cancel();
            await estimating.ended;
          }
          const found = await detect();
          if (!found.ok) throw new Error(`No compute device: ${found.failure.message}`);
          const readMemory = memoryReader(found.value);
          const experiment = await runExperiment<HllmSetup>(dataset, config, {
            device: deviceLabel(found.value),
            hllmSetup,
            memory: readMemory,
            control: own,
            onEvent,
            onPrepared: (p) => {
              live.run = liveRun(p.dataset, p.split, onProjection, deviceLost, {
                runId: finished.length,
                model: p.config.model.kind,
                seed: p.config.seed,
              });
            },
            train: (options) => live.run?.train(options) ?? trainRun(options),
          });
          const { result, config: runConfig, dataset: prepared, split, setup, init } = experiment;
          if (result === null) return null;
          artifacts[finished.length] = await collectRunArtifacts(
            result.model,
            runConfig,
            result.run.dataset.fingerprint,
          );
          await live.run?.finish(result.model, result.run.bestEpoch + 1);
          const { model } = result;
          const cosine = runConfig.train.loss === 'infonce';
          const maxHistory = evalHistoryOf(runConfig.data);
          try {
            const runId = finished.length;
            finished.push({
              runId,
              model: runConfig.model.kind,
              data: {
                dataset: prepared,
                split,
                model: result.test,
                popularity: result.popularityTest,
              },
              userVectors: await userVectorsOf(
                model,
                split.test.map((c) => c.history),
                maxHistory,
                false,
              ),
              itemVectors: await model.encodeItems(),
              dim: model.dim,
              cosine,
            });
            if (setup !== null && init !== null) {
              const params = await model.getParams();
              const base = init;
              newItemScorer = {
                runId,
                dataset: prepared,
                userVectors: await userVectorsOf(model, prepared.sequences, maxHistory, cosine),
                dim: model.dim,
                cosine,
                embeddedBy: setup.embeddedBy,
                embed: (item) =>
                  embedWithTrainedParams((one) => setup.newItemModel(item, one), params, base),
              };
            }
            return { id: runId, record: result.run };
          } finally {
            model.dispose();
          }
        } finally {
          control = null;
        }
      }),
    encodeItems: (dataset, request, onProgress, onFileProgress) =>
      runJob(async () => {
        await configureModels();
        if (options.openEmbeddingCache !== undefined) cache ??= options.openEmbeddingCache();
        const { encodeDatasetItems } = await import('./itemEncoding');
        const result = await encodeDatasetItems(
          dataset,
          request,
          onProgress,
          await cache,
          onFileProgress,
        );
        encoded = { ...result, request };
        return result.summary;
      }),
    estimate: (dataset, config) =>
      runJob(async () => {
        if (control !== null)
          throw new Error('A run is training in this worker: estimate it later.');
        if (estimating !== null) throw new Error('A warm-up is already under way in this worker.');
        const own = new TrainControl();
        // Registered before the first await, so that a run starting meanwhile cancels it.
        const job = (async () => {
          const found = await detect();
          if (!found.ok) throw new Error(`No compute device: ${found.failure.message}`);
          return estimateRun(dataset, config, { hllmSetup, control: own });
        })();
        estimating = { control: own, ended: job.catch(() => undefined) };
        try {
          return await job;
        } finally {
          estimating = null;
        }
      }),
    cancelEstimate: () => estimating?.control.cancel(),
    pause: () => control?.pause(),
    resume: () => control?.resume(),
    cancel: () => control?.cancel(),
    testCaseCount: (runId) => runJob(() => runData(runId).split.test.length),
    coldCases: (runId) => runJob(() => Array.from(runData(runId).split.testSlices.cold)),
    inspect: (runId, caseIndex) => runJob(() => inspectCase(runData(runId), caseIndex)),
    exportCheckpoint: (runId) =>
      runJob(() => {
        const bytes = checkpointBytes(artifactsOf(runId));
        return transfer(bytes, [bytes.buffer]);
      }),
    exportItemEmbeddings: (runId) =>
      runJob(() => {
        const run = runData(runId);
        return projectorFiles(artifactsOf(runId), run.dataset, run.split);
      }),
    useWasm: () => {
      device = runJob(() => switchToWasm('switched to Wasm after the WebGPU device was lost'));
      deviceLost = () => null;
      return device;
    },
    hubCheckpoints: (base) =>
      runJob(async () => {
        const target = await memoryTarget();
        return curatedCheckpoints(base, budgetOf(base, target.budgetBytes), target.backend);
      }),
    planItemLlm: (config, numItems) =>
      runJob(async () => {
        const target = await memoryTarget();
        return planItemLlm(config, numItems, filesOf, target.budgetBytes, target.backend);
      }),
    fetchItemLlm: (name, files, onProgress) =>
      runJob(async () => {
        const source = (options.itemLlmFiles ?? noItemLlmFiles)(name, onProgress);
        const out: FileDownloadProgress[] = [];
        for (const file of files) {
          const bytes = await source.read(file);
          out.push({
            source: source.source,
            file,
            loaded: bytes.length,
            total: bytes.length,
            done: true,
          });
        }
        return out;
      }),
    searchUsers: (query, limit) =>
      runJob(() => {
        const last = finished[finished.length - 1];
        if (last === undefined) throw new RangeError('no run has finished in this tab');
        return searchTestUsers(last.data, query, limit);
      }),
    compareUser: (userId) => runJob(() => compareUser(finished, userId)),
    cacheStatus: () => runJob(async () => (await options.caches?.status()) ?? []),
    clearCaches: () =>
      runJob(async () => {
        await options.caches?.clear();
        return (await options.caches?.status()) ?? [];
      }),
    rankUsersForNewItem: (item, k) =>
      runJob(() => {
        if (newItemScorer === null) {
          throw new Error(
            'No HLLM run has finished in this tab: train one to rank users for a new item.',
          );
        }
        return rankUsersForNewItem(newItemScorer, item, k);
      }),
  };
}
