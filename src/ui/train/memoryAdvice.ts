import type { RunConfig } from '../../config/runConfig';

/** The settings to shrink after an out-of-memory failure, each with its current value. */
export function memoryAdvice(config: RunConfig, numItems: number | null): string[] {
  const width =
    config.model.kind === 'hllm' || config.model.kind === 'llmidrec'
      ? `User LLM hidden size (now ${config.model.user.hiddenSize})`
      : `hidden size (now ${config.model.hiddenSize})`;
  return [
    `Batch size (now ${config.train.batchSize})`,
    `Max history length (now ${config.data.maxHistory})`,
    `Model width: ${width}`,
    `Catalogue: ${numItems === null ? 'fewer items' : `${numItems} items`} — raise the k-core filter (now ${config.data.kCore}) or load a smaller dataset`,
    ...(config.train.loss === 'infonce'
      ? [`Negatives (InfoNCE) (now ${config.train.numNegatives})`]
      : []),
  ];
}
