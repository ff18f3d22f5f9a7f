import type { LlamaConfig } from '../../config/runConfig';
import { llamaDecoderSpecs } from '../llama/llamaDecoder';
import { ModelConfigError } from '../modelConfigError';
import type { HostParams } from '../recommender';

const SHARED_FIELDS = [
  'hiddenSize',
  'intermediateSize',
  'numHeads',
  'numKvHeads',
  'rmsNormEps',
  'ropeTheta',
] as const;

/**
 * Initial User LLM weights taken from a checkpoint's first `user.numLayers` decoder layers and
 * its final norm (HLLM initialises both LLMs from the same pretrained model). The user config
 * must match the checkpoint's widths, heads, norm settings and attention biases and have at most
 * its layers.
 */
export function userWeightsFromCheckpoint(
  user: LlamaConfig,
  checkpoint: LlamaConfig,
  weights: HostParams,
): HostParams {
  for (const field of SHARED_FIELDS) {
    if (user[field] !== checkpoint[field]) {
      throw new ModelConfigError(
        `model.user.${field}`,
        `the Item LLM checkpoint's value (${checkpoint[field]}) to initialise the User LLM from it`,
        user[field],
      );
    }
  }
  const bias = (c: LlamaConfig) => c.attentionBias ?? 'none';
  if (bias(user) !== bias(checkpoint)) {
    throw new ModelConfigError(
      'model.user.attentionBias',
      `the Item LLM checkpoint's value (${bias(checkpoint)}) to initialise the User LLM from it`,
      bias(user),
    );
  }
  if (user.numLayers > checkpoint.numLayers) {
    throw new ModelConfigError(
      'model.user.numLayers',
      `at most the checkpoint's ${checkpoint.numLayers} layers`,
      user.numLayers,
    );
  }
  const out: HostParams = {};
  for (const name of Object.keys(llamaDecoderSpecs(user))) {
    const tensor = weights[name];
    if (tensor === undefined) throw new RangeError(`checkpoint weight ${name} is missing`);
    out[name] = { shape: [...tensor.shape], data: Float32Array.from(tensor.data) };
  }
  return out;
}
