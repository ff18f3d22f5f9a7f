import type { Recommender } from '../models/recommender';
import { projectionSnapshot, type ColourField, type ProjectionSnapshot } from './projection';

/** A recommender that projects its item embeddings when asked, between optimiser steps. */
export interface ProjectingRecommender {
  /** Behaves as the wrapped model; a requested snapshot is taken before its next step. */
  model: Recommender;
  /** Asks for a snapshot labelled `label` before the next optimiser step. */
  request(label: string): void;
  /** Takes a snapshot of `model` (e.g. the final one) now. */
  snapshot(model: Recommender, label: string): Promise<void>;
}

/**
 * Wraps `inner` so that the rows `items` of its item embeddings ([numItems, dim]) are projected
 * onto two principal components, aligned to the previous snapshot, scored against `fields`, and
 * passed to `send`: before the first step (`before training`) and before the first step after
 * each `request`. Snapshots are taken between steps, never during one, so they never see
 * half-updated parameters.
 */
export function projectingRecommender(
  inner: Recommender,
  items: Int32Array,
  send: (snapshot: ProjectionSnapshot) => void,
  fields: readonly ColourField[] = [],
): ProjectingRecommender {
  let pending: string | null = 'before training';
  let steps = 0;
  let previous: Float32Array | null = null;
  const snapshot = async (model: Recommender, label: string) => {
    const embeddings = await model.encodeItems(); // [numItems, dim]
    const taken = projectionSnapshot(embeddings, model.dim, items, label, steps, previous, fields);
    previous = taken.coords.slice();
    send(taken);
  };
  const model: Recommender = {
    get config() {
      return inner.config;
    },
    get numItems() {
      return inner.numItems;
    },
    get dim() {
      return inner.dim;
    },
    get flopsPerStep() {
      return inner.flopsPerStep;
    },
    trainStep: async (batch) => {
      if (pending !== null) {
        const label = pending;
        pending = null;
        await snapshot(inner, label);
      }
      steps++;
      return inner.trainStep(batch);
    },
    encodeUsers: (histories, n, seqLen) => inner.encodeUsers(histories, n, seqLen),
    encodeItems: () => inner.encodeItems(),
    getParams: () => inner.getParams(),
    setParams: (params) => inner.setParams(params),
    dispose: () => inner.dispose(),
  };
  return {
    model,
    request: (label) => {
      pending = label;
    },
    snapshot,
  };
}
