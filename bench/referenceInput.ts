import type { RunConfig } from '../src/config/runConfig';
import type { Split } from '../src/dataset/types';
import { trainingSamples } from '../src/training/trainingSamples';

/**
 * The JSON input of scripts/reference/train_reference.py: the config, the split's training samples
 * (long histories chunked when `config.data.chunkHistories` says so) and its cases.
 */
export function referenceInput(split: Split, config: RunConfig): string {
  const cases = (list: Split['test']) =>
    list.map((c) => ({
      history: Array.from(c.history),
      target: c.target,
      ...(c.seen ? { seen: Array.from(c.seen) } : {}),
    }));
  return JSON.stringify({
    config,
    numItems: split.numItems,
    train: trainingSamples(split.train, config.data.maxHistory, config.data.chunkHistories).map(
      (s) => Array.from(s),
    ),
    valid: cases(split.valid),
    test: cases(split.test),
  });
}
