import type { LlamaConfig } from '../../config/runConfig';

/** Parameters of one decoder layer (attention biases and both norms included). */
export function llamaLayerParams(c: LlamaConfig): number {
  const headDim = c.hiddenSize / c.numHeads;
  const attention =
    2 * c.hiddenSize * c.numHeads * headDim + 2 * c.hiddenSize * c.numKvHeads * headDim;
  const mlp = 3 * c.hiddenSize * c.intermediateSize;
  const bias = c.attentionBias ?? 'none';
  const biases =
    bias === 'none'
      ? 0
      : (c.numHeads + 2 * c.numKvHeads) * headDim + (bias === 'qkvo' ? c.hiddenSize : 0);
  return attention + mlp + biases + 2 * c.hiddenSize;
}

/** Weights of one layer's linear maps (what a forward multiplies by, per token). */
export function llamaLinearParams(c: LlamaConfig): number {
  const headDim = c.hiddenSize / c.numHeads;
  return (
    2 * c.hiddenSize * c.numHeads * headDim +
    2 * c.hiddenSize * c.numKvHeads * headDim +
    3 * c.hiddenSize * c.intermediateSize
  );
}

/** Parameter count of a Llama with its embedding table (attention biases included). */
export function llamaParamCount(c: LlamaConfig): number {
  return c.vocabSize * c.hiddenSize + c.numLayers * llamaLayerParams(c) + c.hiddenSize;
}

/** Parameters of the rank-`r` LoRA adapters of one layer's seven linear weights. */
export function loraLayerParams(c: LlamaConfig, r: number): number {
  const kv = c.numKvHeads * (c.hiddenSize / c.numHeads);
  const d = c.hiddenSize;
  const i = c.intermediateSize;
  // A [r, in] and B [out, r] of q, k, v, o, gate, up, down.
  return r * (d + d + (d + kv) + (d + kv) + (d + d) + 2 * (d + i) + (i + d));
}
