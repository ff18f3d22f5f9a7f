import type { RunConfig } from '../src/config/runConfig';
import type { Split } from '../src/dataset/types';

/** The JSON input of scripts/reference/train_reference.py: the config and the split's sequences and cases. */
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
    train: split.train.map((s) => Array.from(s)),
    valid: cases(split.valid),
    test: cases(split.test),
  });
}
