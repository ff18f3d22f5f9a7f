/** The distinct items one training step encodes, and the batch re-indexed into them. */
export interface BatchItems {
  /** 0-based catalogue indices of the distinct items, in first-seen order. */
  unique: Int32Array;
  /** Rows the Item LLM runs for this step (≥ unique.length; extra rows are padding). */
  capacity: number;
  /** [batch, seq] inputs as 1 + position in `unique` (0 = padding). */
  inputs: Int32Array;
  /** [batch, seq] targets as 1 + position in `unique` (0 = no target). */
  targets: Int32Array;
  /** Negative pool as 1 + position in `unique` (0 = unused slot); empty when negatives are cached. */
  negatives: Int32Array;
}

/**
 * Row count for `n` distinct items: `n` rounded up to a quarter of its power of two (at least 8),
 * at most `max`, so a jitted step sees few distinct shapes.
 */
export function itemCapacity(n: number, max: number): number {
  const step = Math.max(8, 2 ** (Math.floor(Math.log2(Math.max(n, 1))) - 2));
  return Math.min(max, Math.ceil(n / step) * step);
}

/**
 * Collects the distinct items of a batch (+1 encoding, 0 = none) from inputs, targets and the
 * negative pool (pass an empty pool when negatives come from a cache) and re-indexes all three.
 * The padded row count is at least `minCapacity` (pass the previous step's, so shapes only grow:
 * jax-js's Wasm allocator reuses a freed buffer only for the same size) and at most `maxCapacity`
 * (the catalogue size) unless the batch has more distinct items.
 */
export function collectBatchItems(
  inputs: Int32Array,
  targets: Int32Array,
  negatives: Int32Array,
  maxCapacity: number,
  minCapacity = 0,
): BatchItems {
  const slot = new Map<number, number>();
  const unique: number[] = [];
  const remap = (src: Int32Array): Int32Array =>
    src.map((item) => {
      if (item === 0) return 0;
      let s = slot.get(item);
      if (s === undefined) {
        s = unique.length + 1;
        slot.set(item, s);
        unique.push(item - 1);
      }
      return s;
    });
  const remapped = { inputs: remap(inputs), targets: remap(targets), negatives: remap(negatives) };
  return {
    unique: Int32Array.from(unique),
    capacity: Math.max(
      minCapacity,
      itemCapacity(unique.length, Math.max(maxCapacity, unique.length)),
    ),
    ...remapped,
  };
}
