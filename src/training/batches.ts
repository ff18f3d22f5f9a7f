import type { TrainBatch } from '../models/recommender';
import { createRng, deriveSeed, shuffleInPlace } from '../random/rng';

/** Options for cutting one epoch of training sequences into batches. */
export interface EpochBatchOptions {
  /** Input length of every batch: each sequence is cut to its most recent `maxHistory + 1` items. */
  maxHistory: number;
  batchSize: number;
  /** Run seed; each epoch's user order is derived from it. */
  seed: number;
  /** 0-based epoch number. */
  epoch: number;
}

/** One epoch of batches, and how many training sequences could not be used. */
export interface EpochBatches {
  batches: TrainBatch[];
  /** Sequences with fewer than 2 items (no input/target pair); they are left out of every batch. */
  skippedShort: number;
}

/** Indices of the training samples (`trainingSamples`) that have at least one input/target pair. */
export function trainableUsers(train: Int32Array[]): Int32Array {
  const users: number[] = [];
  for (let u = 0; u < train.length; u++) if (train[u].length >= 2) users.push(u);
  return Int32Array.from(users);
}

/** Number of optimiser steps one epoch takes. */
export function stepsPerEpoch(train: Int32Array[], batchSize: number): number {
  return Math.ceil(trainableUsers(train).length / batchSize);
}

/** The seeded, shuffled order in which an epoch visits the trainable samples. */
export function epochOrder(train: Int32Array[], seed: number, epoch: number): Int32Array {
  const rng = createRng(deriveSeed(seed, `batches:${epoch}`));
  return shuffleInPlace(trainableUsers(train), rng);
}

/**
 * Packs the given sequences into one left-padded batch of width `maxHistory`: inputs are the
 * sequence without its last item, targets the sequence without its first, both encoded `index + 1`.
 */
export function packBatch(sequences: Int32Array[], maxHistory: number): TrainBatch {
  const batchSize = sequences.length;
  const seqLen = maxHistory;
  const inputs = new Int32Array(batchSize * seqLen); // [batch, seqLen]
  const targets = new Int32Array(batchSize * seqLen); // [batch, seqLen]
  for (let b = 0; b < batchSize; b++) {
    const seq = sequences[b];
    const kept = Math.min(seq.length, maxHistory + 1);
    const start = seq.length - kept;
    const pairs = kept - 1;
    const rowStart = b * seqLen + (seqLen - pairs);
    for (let i = 0; i < pairs; i++) {
      inputs[rowStart + i] = seq[start + i] + 1;
      targets[rowStart + i] = seq[start + i + 1] + 1;
    }
  }
  return { batchSize, seqLen, inputs, targets };
}

/** Cuts one epoch of training samples into seeded, shuffled, left-padded batches (the last may be smaller). */
export function epochBatches(train: Int32Array[], options: EpochBatchOptions): EpochBatches {
  if (!Number.isInteger(options.maxHistory) || options.maxHistory < 1) {
    throw new RangeError(`maxHistory must be a positive integer, got ${options.maxHistory}`);
  }
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const order = epochOrder(train, options.seed, options.epoch);
  const batches: TrainBatch[] = [];
  for (let start = 0; start < order.length; start += options.batchSize) {
    const users = order.subarray(start, start + options.batchSize);
    batches.push(
      packBatch(
        Array.from(users, (u) => train[u]),
        options.maxHistory,
      ),
    );
  }
  return { batches, skippedShort: train.length - order.length };
}
