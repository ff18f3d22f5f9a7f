import type { EvalCase, Split } from '../dataset/types';

function attach(
  cases: readonly EvalCase[],
  sequences: readonly Int32Array[],
  fromEnd: number,
  set: string,
): EvalCase[] {
  return cases.map((c, i) => {
    const seq = sequences[c.user];
    const at = seq ? seq.length - fromEnd : -1;
    if (!seq || at < 0 || seq[at] !== c.target) {
      throw new Error(
        `${set} case ${i}: target ${c.target} is not item ${fromEnd} from the end of user ${c.user}'s sequence; ` +
          'the split does not come from these sequences',
      );
    }
    return { ...c, seen: seq.subarray(0, at) };
  });
}

/**
 * A copy of `split` whose evaluation cases carry `seen`: the user's whole sequence before the
 * target (test: all but the last item, validation: all but the last two), so that evaluation masks
 * every item the user already had, not only the `maxHistory` items the model sees. This is the
 * protocol of the reference figures in ../shared/data/README.md. `sequences` are the dataset's
 * per-user sequences the split was made from.
 */
export function withSeenItems(split: Split, sequences: readonly Int32Array[]): Split {
  return {
    ...split,
    valid: attach(split.valid, sequences, 2, 'validation'),
    test: attach(split.test, sequences, 1, 'test'),
  };
}
