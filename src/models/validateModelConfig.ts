import { ATTENTION_BIASES, type LlamaConfig, type ModelConfig } from '../config/runConfig';
import { ModelConfigError } from './modelConfigError';
import type { RecommenderInit } from './recommender';

function positiveInt(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new ModelConfigError(field, 'an integer ≥ 1', value);
}

function divides(field: string, value: number, of: string, total: number): void {
  if (total % value !== 0)
    throw new ModelConfigError(field, `a divisor of ${of} (${total})`, value);
}

function dropoutRate(field: string, value: number): void {
  if (!(value >= 0 && value < 1))
    throw new ModelConfigError(field, 'a probability in [0, 1)', value);
}

function positive(field: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new ModelConfigError(field, 'a finite number > 0', value);
}

/**
 * Checks a Llama config: widths, layer count, heads dividing the width, kv heads dividing heads,
 * even head size, a known attention bias.
 */
export function validateLlamaConfig(cfg: LlamaConfig, path: string): void {
  positiveInt(`${path}.hiddenSize`, cfg.hiddenSize);
  positiveInt(`${path}.intermediateSize`, cfg.intermediateSize);
  positiveInt(`${path}.numLayers`, cfg.numLayers);
  positiveInt(`${path}.numHeads`, cfg.numHeads);
  divides(`${path}.numHeads`, cfg.numHeads, `${path}.hiddenSize`, cfg.hiddenSize);
  positiveInt(`${path}.numKvHeads`, cfg.numKvHeads);
  divides(`${path}.numKvHeads`, cfg.numKvHeads, `${path}.numHeads`, cfg.numHeads);
  if ((cfg.hiddenSize / cfg.numHeads) % 2 !== 0) {
    throw new ModelConfigError(
      `${path}.numHeads`,
      'a head count giving an even head size for rotary positions',
      cfg.numHeads,
    );
  }
  positive(`${path}.rmsNormEps`, cfg.rmsNormEps);
  positive(`${path}.ropeTheta`, cfg.ropeTheta);
  if (cfg.attentionBias !== undefined && !ATTENTION_BIASES.includes(cfg.attentionBias)) {
    throw new ModelConfigError(
      `${path}.attentionBias`,
      `one of ${ATTENTION_BIASES.join(', ')}`,
      cfg.attentionBias,
    );
  }
}

/**
 * Rejects configs no model can be built from, before any work: zero layers or widths, heads not
 * dividing the width, kv heads not dividing heads, sequence length 0, too few items for the loss,
 * more negatives than items.
 */
export function validateModelConfig(config: ModelConfig, init: RecommenderInit): void {
  positiveInt('numItems', init.numItems);
  positiveInt('data.maxHistory', init.maxSeqLen);
  positiveInt('train.batchSize', init.train.batchSize);
  positiveInt('totalSteps', init.totalSteps);
  if (config.kind === 'hllm' || config.kind === 'llmidrec') {
    validateLlamaConfig(config.user, 'model.user');
  } else {
    positiveInt('model.hiddenSize', config.hiddenSize);
    positiveInt('model.numLayers', config.numLayers);
    positiveInt('model.numHeads', config.numHeads);
    divides('model.numHeads', config.numHeads, 'model.hiddenSize', config.hiddenSize);
    dropoutRate('model.dropout', config.dropout);
    if (config.kind === 'sasrec') positiveInt('model.innerSize', config.innerSize);
  }
  const train = init.train;
  if (train.loss === 'infonce') {
    positiveInt('train.numNegatives', train.numNegatives);
    if (train.numNegatives > init.numItems) {
      throw new ModelConfigError(
        'train.numNegatives',
        `at most the number of items (${init.numItems})`,
        train.numNegatives,
      );
    }
  } else if (init.numItems < 2) {
    throw new ModelConfigError(
      'numItems',
      'at least 2 items to sample a BCE negative different from the target',
      init.numItems,
    );
  }
  positive('train.learningRate', train.learningRate);
  if (!(train.weightDecay >= 0))
    throw new ModelConfigError('train.weightDecay', 'a number ≥ 0', train.weightDecay);
  if (!(train.gradClip >= 0))
    throw new ModelConfigError('train.gradClip', 'a number ≥ 0 (0 = off)', train.gradClip);
  if (!Number.isInteger(train.warmupSteps) || train.warmupSteps < 0) {
    throw new ModelConfigError('train.warmupSteps', 'an integer ≥ 0', train.warmupSteps);
  }
  if (train.negativeSampling === 'per-position' && config.kind === 'hllm') {
    throw new ModelConfigError(
      'train.negativeSampling',
      "'shared' for HLLM (one pool of negatives for the batch, as the official HLLM)",
      train.negativeSampling,
    );
  }
  if (train.fixTemperature && (config.kind === 'hllm' || train.loss !== 'infonce')) {
    throw new ModelConfigError(
      'train.fixTemperature',
      "false for HLLM (it learns its logit scale, as the official HLLM) and for the BCE loss; a fixed temperature is the ID models' InfoNCE option",
      train.fixTemperature,
    );
  }
}
