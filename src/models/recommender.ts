import type { ModelConfig, TrainConfig } from '../config/runConfig';

/**
 * A batch of training sequences. Items are encoded as `index + 1`; 0 is padding. Sequences are
 * left-padded, so the most recent item sits at the last position.
 */
export interface TrainBatch {
  batchSize: number;
  seqLen: number;
  /** [batch, seqLen] input items (+1), 0 = padding. */
  inputs: Int32Array;
  /** [batch, seqLen] next-item targets (+1), 0 = no target at this position. */
  targets: Int32Array;
}

/** A named parameter tensor copied to the host, for checkpoints and best-epoch restore. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** Parameters by Hugging Face-style dotted name (e.g. `layers.0.self_attn.q_proj.weight`). */
export type HostParams = Record<string, HostTensor>;

/**
 * A trainable sequential recommender on jax-js: what the trainer, the evaluator and the
 * checkpoint code need from SASRec, HSTU and HLLM alike.
 */
export interface Recommender {
  readonly config: ModelConfig;
  readonly numItems: number;
  /** One optimiser step (jitted); resolves to the batch loss. */
  trainStep(batch: TrainBatch): Promise<number>;
  /**
   * User representations for left-padded histories (+1 encoding, 0 = padding).
   * `histories`: [n, seqLen]; resolves to [n, dim] float32 on the host, row-major.
   */
  encodeUsers(histories: Int32Array, n: number, seqLen: number): Promise<Float32Array>;
  /** Representations of every item, [numItems, dim] float32 row-major, in the space scored against users. */
  encodeItems(): Promise<Float32Array>;
  /** Width of the vectors returned by `encodeUsers` and `encodeItems`. */
  readonly dim: number;
  /** Matrix-product FLOPs of one full training step (a backward counts twice), when known. */
  readonly flopsPerStep?: number;
  /** Copies the current parameters to the host. */
  getParams(): Promise<HostParams>;
  /** Replaces the parameters (same names and shapes as `getParams`). */
  setParams(params: HostParams): void;
  /** Releases device memory. */
  dispose(): void;
}

/** What a model factory needs besides its own config. */
export interface RecommenderInit {
  numItems: number;
  maxSeqLen: number;
  train: TrainConfig;
  /** Total optimiser steps planned (for the learning-rate schedule). */
  totalSteps: number;
  seed: number;
  /** Items negatives are drawn from (0-based, `negativeCandidates`); absent: every item. */
  negativeItems?: Int32Array;
}
