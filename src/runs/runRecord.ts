import type { RunConfig } from '../config/runConfig';
import type { SliceName } from '../dataset/types';
import type { Metrics, SliceMetrics } from '../evaluation/metrics';

/** What one training epoch did. */
export interface EpochRecord {
  /** 0-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Optimiser steps taken in the epoch. */
  steps: number;
  /** Seconds spent in training steps (validation excluded). */
  trainSeconds: number;
  /** Validation metrics (slice `all`) when this epoch was evaluated, else `null`. */
  valid: Metrics | null;
}

/** The data a run trained on. */
export interface RunDataset {
  name: string;
  /** `splitFingerprint` of the split: equal fingerprints mean identical data and split. */
  fingerprint: string;
  numUsers: number;
  numItems: number;
  trainSequences: number;
  /** Training samples the sequences became (`data.chunkHistories`); absent in older records. */
  trainSamples?: number;
  /** Training sequences with fewer than 2 items, not used. */
  skippedShortSequences: number;
  validCases: number;
  testCases: number;
  /** Number of test cases in each slice. */
  testSliceSizes: Record<SliceName, number>;
  /**
   * Set when validation and test ran on a seeded sample of the users (`data.evalUsers`): the
   * users evaluated and how many test users the split has.
   */
  evalSample?: { users: number; of: number };
}

/** Wall-clock timings of a run, in seconds. */
export interface RunTimings {
  total: number;
  train: number;
  /** Validation evaluations during training. */
  validation: number;
  /** Final test evaluation of the model (popularity excluded). */
  testEvaluation: number;
  perEpoch: number;
  /** Training sequences per second over all steps. */
  trainSequencesPerSecond: number;
}

/** What a run used of its device: peak memory, throughput and work per step. */
export interface RunUsage {
  /**
   * Peak device memory in bytes: jax-js's Wasm heap (its size, the allocator's high-water mark)
   * or the bytes of live WebGPU buffers; null when it was not measured.
   */
  peakMemoryBytes: number | null;
  /** What `peakMemoryBytes` counts. */
  memoryKind: 'wasm-heap' | 'gpu-buffers' | null;
  /** Optimiser steps per second of training time. */
  stepsPerSecond: number;
  /** Training sequences per second. */
  sequencesPerSecond: number;
  /** Matrix-product FLOPs of one training step (a backward counts twice its forward); null when unknown. */
  flopsPerStep: number | null;
  /** `flopsPerStep` × steps per second, GFLOP/s; null when unknown. */
  achievedGflops: number | null;
  /** Steps taken, and the cap `--max-steps` put on them (null = none). */
  steps: number;
  maxSteps: number | null;
}

/**
 * Everything needed to compare and reproduce a run: full config (seed included), device, data
 * fingerprint, timings, per-epoch history and final metrics per slice (×100), with the popularity
 * baseline measured through the same protocol. Plain JSON.
 */
export interface RunRecord {
  version: 1;
  config: RunConfig;
  /** Compute device description, e.g. `wasm` or `webgpu (nvidia / ampere)`. */
  device: string;
  dataset: RunDataset;
  /** ISO time the run started. */
  startedAt: string;
  timings: RunTimings;
  epochs: EpochRecord[];
  /** Epoch whose parameters were restored for the final evaluation. */
  bestEpoch: number;
  /** Whether early stopping ended the run before `config.train.epochs`. */
  stoppedEarly: boolean;
  /** Final metrics at the best epoch: `final.test.<slice>.<metric>`; `null` for an empty slice. */
  final: { valid: SliceMetrics; test: SliceMetrics };
  /** Popularity baseline (training counts) on the same cases. */
  popularity: { valid: SliceMetrics; test: SliceMetrics };
  /** Facts a reader must know to interpret the numbers. */
  notes: string[];
  /** What the run used (absent in records written before it was kept). */
  usage?: RunUsage;
}
