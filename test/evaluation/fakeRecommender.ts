import type { ModelConfig } from '../../src/config/runConfig';
import type { HostParams, Recommender } from '../../src/models/recommender';

/**
 * A recommender whose vectors are set by hand: items get `items[i]`, a user gets the vector of
 * the last item of its history mapped through `userOfLastItem` (or zeros for an empty history).
 */
export function handRecommender(
  items: number[][],
  userOfLastItem: (lastItem: number) => number[],
): Recommender & { seenHistories: Int32Array[] } {
  const dim = items[0].length;
  const seenHistories: Int32Array[] = [];
  return {
    config: { kind: 'sasrec' } as ModelConfig,
    numItems: items.length,
    dim,
    seenHistories,
    trainStep: async () => 0,
    async encodeUsers(histories, n, seqLen) {
      seenHistories.push(histories.slice());
      const out = new Float32Array(n * dim);
      for (let r = 0; r < n; r++) {
        const last = histories[r * seqLen + seqLen - 1] - 1;
        if (last >= 0) out.set(userOfLastItem(last), r * dim);
      }
      return out;
    },
    encodeItems: async () => Float32Array.from(items.flat()),
    getParams: async (): Promise<HostParams> => ({}),
    setParams: () => undefined,
    dispose: () => undefined,
  };
}
