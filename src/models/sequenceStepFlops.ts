import type { ModelConfig } from '../config/runConfig';
import { llamaLinearParams } from './llama/paramCount';

/**
 * Matrix-product FLOPs of one training step of a sequence model over `batch` histories of `seq`
 * positions scored against `negatives` item vectors (the shared pool, or the whole table): per position and layer its projections
 * (SASRec: q, k, v, o and the feed-forward; HSTU: u, v, q, k and the output; the HLLM User LLM
 * over fixed item vectors: a Llama layer) and attention over the positions, plus the scores of
 * every position against its target and the negatives; the backward counts twice the forward.
 */
export function sequenceStepFlops(
  config: ModelConfig,
  batch: number,
  seq: number,
  negatives: number,
): number {
  let perToken: number;
  let width: number;
  if (config.kind === 'sasrec') {
    const d = config.hiddenSize;
    width = d;
    perToken = config.numLayers * (2 * (4 * d * d + 2 * d * config.innerSize) + 4 * seq * d);
  } else if (config.kind === 'hstu') {
    const d = config.hiddenSize;
    width = d;
    perToken = config.numLayers * (2 * 5 * d * d + 4 * seq * d);
  } else {
    const u = config.user;
    width = u.hiddenSize;
    perToken = u.numLayers * (2 * llamaLinearParams(u) + 4 * seq * u.hiddenSize);
  }
  const scores = 2 * width * (negatives + 1);
  return 3 * batch * seq * (perToken + scores);
}
