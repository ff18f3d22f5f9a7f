import type { LlamaConfig } from '../../config/runConfig';
import { itemBoundary } from '../../itemEncoders/itemLlmModel';
import { roundUpToLanes } from '../lanePadding';
import { llamaLinearParams } from '../llama/paramCount';
import {
  negativesCached,
  stepItemRows,
  trainedItemLayers,
  type HllmWorkload,
} from './hllmWorkload';

/** Floating-point operations of an HLLM run, by what does them. */
export interface HllmFlops {
  /** Item LLM in one training step: the embedding pass, the recomputed forwards, the backward. */
  itemStep: number;
  /** User LLM in one training step: forward, recomputed forward and backward (twice with clipping). */
  userStep: number;
  /** One training step: `itemStep` + `userStep`. */
  total: number;
  /** The set-up pass of the frozen layers over the catalogue (top-k boundary cache, frozen encoding). */
  setup: number;
  /** One encoding of the catalogue by the trained layers (evaluation, cached negatives). */
  cataloguePass: number;
}

/** Forward FLOPs of one layer for one token attending over `positions` (matrix products only). */
function layerForward(c: LlamaConfig, positions: number): number {
  return 2 * llamaLinearParams(c) + 4 * positions * c.hiddenSize;
}

/**
 * Matrix-product FLOPs of an HLLM workload (a backward counts twice its forward): each step runs
 * its distinct items (batch × history + re-encoded negatives, at most the catalogue) through the
 * trained Item LLM layers once without a graph, once more to keep the stage inputs (when a
 * stage holds fewer than all trained layers), once recomputed inside the stage `vjp`s and twice
 * for the backward; the User LLM runs forward, then per layer a recomputed forward and a
 * backward (a second such pass with gradient clipping).
 */
export function hllmStepFlops(w: HllmWorkload): HllmFlops {
  const c = w.item;
  const seq = roundUpToLanes(w.textTokens + 1);
  const itemToken = layerForward(c, seq);
  const trained = trainedItemLayers(c, w.mode);
  const stepItems = stepItemRows(w, negativesCached(w));
  const itemForward = stepItems * seq * trained * itemToken;
  const passes = trained === 0 ? 0 : w.stageLayers < trained ? 5 : 4;
  const itemStep = passes * itemForward;
  const userSeq = roundUpToLanes(w.maxHistory);
  const userForward = w.batchSize * userSeq * w.user.numLayers * layerForward(w.user, userSeq);
  const userStep = userForward * (1 + 3 * (w.gradClip > 0 ? 2 : 1));
  const below = w.mode === 'frozen' ? c.numLayers : itemBoundary(c, w.mode);
  return {
    itemStep,
    userStep,
    total: itemStep + userStep,
    setup: w.catalogueItems * seq * below * itemToken,
    cataloguePass: w.catalogueItems * seq * trained * itemToken,
  };
}
