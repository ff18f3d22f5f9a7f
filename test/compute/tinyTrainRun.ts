import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { generateSyntheticDataset } from '../../src/synthetic/generateSyntheticDataset';

/** A tiny SASRec run: 2 epochs over 120 synthetic users. */
export function tinyConfig(): RunConfig {
  const c = defaultRunConfig('sasrec');
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 10 },
    model: c.model.kind === 'sasrec' ? { ...c.model, hiddenSize: 16, innerSize: 16 } : c.model,
    train: { ...c.train, epochs: 2, batchSize: 32, numNegatives: 32, patience: 0 },
  };
}

/** The synthetic dataset the tiny run trains on (120 users, 80 items). */
export const tinyDataset = generateSyntheticDataset({ seed: 3, numItems: 80, numUsers: 120 });
