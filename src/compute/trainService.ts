import type { RunConfig } from '../config/runConfig';
import { validateRunConfig } from '../config/parseRunConfig';
import { preprocess } from '../dataset/preprocess';
import { leaveOneOutSplit } from '../dataset/split';
import type { Dataset } from '../dataset/types';
import { withSeenItems } from '../evaluation/seenItems';
import { createRecommender } from '../models/createRecommender';
import type { RunRecord } from '../runs/runRecord';
import { TrainControl } from '../training/trainControl';
import type { TrainEvent } from '../training/trainEvents';
import type { EmbeddingCache } from '../itemEncoders/embeddingCache';
import type { EncodeProgress } from '../itemEncoders/progress';
import { detectDevice } from './detectDevice';
import { withEncodedItems, withHashedItemFeatures } from './hllmFeatures';
import { deviceLabel, type DeviceInfo } from './deviceInfo';
import type { EncodedItems, ItemEncodingRequest, ItemEncodingSummary } from './itemEncoding';
import { inspectCase, type InspectedCase, type RunInspectionData } from './runInspection';
import { runJob, type WorkerResult } from './workerResult';
import { getWebGPUDevice } from '@jax-js/jax';
import { transfer } from 'comlink';
import { watchDeviceLoss } from './deviceLoss';
import { liveRun } from './liveRun';
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
   * `config.model` (HLLM over hashed text features: the Item LLM does not run in the tab yet). Progress goes to `onEvent`; resolves to the run's record and id, or to null when the
   * run ended without one (its `error` event says why, cancellation included).
   */
  train(
    dataset: Dataset,
    config: RunConfig,
    onEvent: (event: TrainEvent) => void,
    onProjection?: (event: ProjectionEvent) => void,
  ): Promise<WorkerResult<FinishedRun | null>>;
  /**
   * Runs a frozen Item LLM over every item of `dataset` and keeps the embeddings in this worker;
   * later HLLM runs on the same items use them instead of hashed text features.
   */
  encodeItems(
    dataset: Dataset,
    request: ItemEncodingRequest,
    onProgress: (progress: EncodeProgress) => void,
  ): Promise<WorkerResult<ItemEncodingSummary>>;
  /** Holds the current run before its next step. */
  pause(): void;
  /** Lets a paused run continue. */
  resume(): void;
  /** Stops the current run before its next step. */
  cancel(): void;
  /** Number of test cases of the finished run with id `runId`. */
  testCaseCount(runId: number): Promise<WorkerResult<number>>;
  /** History, target and top lists of one test case of the finished run with id `runId`. */
  inspect(runId: number, caseIndex: number): Promise<WorkerResult<InspectedCase>>;
  /** The best parameters of finished run `runId` as a safetensors checkpoint. */
  exportCheckpoint(runId: number): Promise<WorkerResult<Uint8Array>>;
  /** The item embeddings of finished run `runId` as Embedding Projector TSV files. */
  exportItemEmbeddings(runId: number): Promise<WorkerResult<ProjectorFiles>>;
  /** Moves this worker's computation to Wasm (after a lost WebGPU device); later runs use it. */
  useWasm(): Promise<WorkerResult<DeviceInfo>>;
}

/** Environment-specific set-up of the Item LLM (model folder, ONNX Runtime files). */
export interface TrainServiceOptions {
  /** Configures transformers.js before the first encoding; without it encoding is refused. */
  configureModels?: () => void | Promise<void>;
  /** Opens the cache that keeps item embeddings between encodings (none when omitted). */
  openEmbeddingCache?: () => Promise<EmbeddingCache>;
}

/** Creates the train worker's service; device detection runs once and is cached. */
export function createTrainService(options: TrainServiceOptions = {}): TrainService {
  let device: Promise<WorkerResult<DeviceInfo>> | undefined;
  let encoded: EncodedItems | null = null;
  let modelsConfigured = false;
  let cache: Promise<EmbeddingCache> | undefined;
  let control: TrainControl | null = null;
  const artifacts: RunArtifacts[] = [];
  let deviceLost: () => string | null = () => null;
  const artifactsOf = (runId: number): RunArtifacts => {
    const found = artifacts[runId];
    if (found === undefined) throw new RangeError(`run ${runId} has not finished in this tab`);
    return found;
  };
  const finished: RunInspectionData[] = [];
  const runData = (runId: number): RunInspectionData => {
    const data = finished[runId];
    if (data === undefined) throw new RangeError(`run ${runId} has not finished in this tab`);
    return data;
  };
  const detect = () => {
    device ??= runJob(async () => {
      const info = await detectDevice();
      if (info.kind === 'webgpu') deviceLost = watchDeviceLoss(getWebGPUDevice());
      return info;
    });
    return device;
  };
  return {
    detectDevice: detect,
    train: (dataset, config, onEvent, onProjection) =>
      runJob(async () => {
        if (control !== null) throw new Error('A run is already in progress in this worker.');
        const found = await detect();
        if (!found.ok) throw new Error(`No compute device: ${found.failure.message}`);
        const prepared = preprocess(dataset, config.data).dataset;
        const features =
          config.model.kind !== 'hllm'
            ? null
            : ((encoded && withEncodedItems(config, prepared, encoded)) ??
              withHashedItemFeatures(config, prepared));
        const runConfig = features?.config ?? config;
        const problems = validateRunConfig(runConfig, {
          numItems: prepared.itemIds.length,
          textFields: prepared.textFields,
        });
        if (problems.length > 0) throw new Error(problems.join('; '));
        const cut = leaveOneOutSplit(prepared, runConfig.data, runConfig.seed).split;
        // Evaluation masks every item the user had before the target (the README protocol).
        const split = withSeenItems(cut, prepared.sequences);
        const live = liveRun(prepared, split, onProjection, deviceLost);
        control = new TrainControl();
        try {
          const result = await live.train({
            config: runConfig,
            split,
            datasetName: dataset.name,
            device: deviceLabel(found.value),
            createModel: (init) =>
              createRecommender(runConfig.model, init, { itemTextEmbeddings: features?.table }),
            notes: features === null ? [] : [features.note],
            onEvent,
            control,
          });
          if (result === null) return null;
          artifacts[finished.length] = await collectRunArtifacts(
            result.model,
            runConfig,
            result.run.dataset.fingerprint,
          );
          await live.finish(result.model, result.run.bestEpoch + 1);
          result.model.dispose();
          finished.push({
            dataset: prepared,
            split,
            model: result.test,
            popularity: result.popularityTest,
          });
          return { id: finished.length - 1, record: result.run };
        } finally {
          control = null;
        }
      }),
    encodeItems: (dataset, request, onProgress) =>
      runJob(async () => {
        if (options.configureModels === undefined) {
          throw new Error('Item LLM encoding is not set up in this environment.');
        }
        if (!modelsConfigured) {
          await options.configureModels();
          modelsConfigured = true;
        }
        if (options.openEmbeddingCache !== undefined) cache ??= options.openEmbeddingCache();
        const { encodeDatasetItems } = await import('./itemEncoding');
        encoded = await encodeDatasetItems(dataset, request, onProgress, await cache);
        return encoded.summary;
      }),
    pause: () => control?.pause(),
    resume: () => control?.resume(),
    cancel: () => control?.cancel(),
    testCaseCount: (runId) => runJob(() => runData(runId).split.test.length),
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
  };
}
