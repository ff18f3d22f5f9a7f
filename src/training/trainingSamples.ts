/**
 * The training samples of a split's training sequences (item indices, oldest first). With
 * `chunked` (the official HLLM/RecBole loader's `data_split`), a sequence of n > L = maxHistory + 1
 * items drops its oldest n mod L items and becomes n div L consecutive samples of L items each;
 * a shorter one is one sample. Without, every sequence is one sample (its most recent L items
 * enter a batch). Samples are views into `train`.
 */
export function trainingSamples(
  train: readonly Int32Array[],
  maxHistory: number,
  chunked: boolean,
): Int32Array[] {
  if (!chunked) return [...train];
  const length = maxHistory + 1;
  const samples: Int32Array[] = [];
  for (const seq of train) {
    if (seq.length <= length) {
      samples.push(seq);
      continue;
    }
    for (let start = seq.length % length; start < seq.length; start += length) {
      samples.push(seq.subarray(start, start + length));
    }
  }
  return samples;
}
