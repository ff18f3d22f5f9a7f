import { METRIC_KS, type RunConfig } from '../config/runConfig';
import type { Split } from '../dataset/types';
import { TrainConfigError } from './trainErrors';

function positiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new TrainConfigError(`${name} must be a positive integer, got ${value}`);
  }
}

/** Throws `TrainConfigError` naming the first setting or split property the trainer cannot use. */
export function checkTrainConfig(config: RunConfig, split: Split): void {
  const t = config.train;
  positiveInteger(t.epochs, 'train.epochs');
  positiveInteger(t.batchSize, 'train.batchSize');
  positiveInteger(t.evalEvery, 'train.evalEvery');
  positiveInteger(config.data.maxHistory, 'data.maxHistory');
  if (!Number.isInteger(t.patience) || t.patience < 0) {
    throw new TrainConfigError(`train.patience must be an integer ≥ 0, got ${t.patience}`);
  }
  if (!(t.learningRate > 0) || !Number.isFinite(t.learningRate)) {
    throw new TrainConfigError(
      `train.learningRate must be a positive number, got ${t.learningRate}`,
    );
  }
  const metric = /^([RN])@(\d+)$/.exec(t.earlyStopMetric);
  if (!metric || !(METRIC_KS as readonly number[]).includes(Number(metric[2]))) {
    throw new TrainConfigError(
      `train.earlyStopMetric must be R@K or N@K with K in ${METRIC_KS.join(', ')}, got ${t.earlyStopMetric}`,
    );
  }
  if (split.train.every((seq) => seq.length < 2)) {
    throw new TrainConfigError('the split has no training sequence with at least 2 items');
  }
  if (split.valid.length === 0) throw new TrainConfigError('the split has no validation case');
  if (split.test.length === 0) throw new TrainConfigError('the split has no test case');
}
