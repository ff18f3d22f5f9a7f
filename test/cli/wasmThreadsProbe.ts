import { init, jit, nn, numpy as np } from '@jax-js/jax';

/** A jitted matmul + softmax + reduction over fixed inputs, large enough to split over threads. */
export async function attentionLike(): Promise<Float32Array> {
  await init('wasm');
  const q = np.sin(
    np
      .arange(0, 64 * 48 * 40, 1, { dtype: np.float32 })
      .reshape([64, 48, 40])
      .mul(0.37),
  ); // [b, s, d]
  const w = np.cos(
    np
      .arange(0, 40 * 40, 1, { dtype: np.float32 })
      .reshape([40, 40])
      .mul(0.11),
  ); // [d, d]
  const f = jit((x: np.Array, m: np.Array) => {
    const k = np.matmul(x.ref, m); // [b, s, d]
    const scores = np.matmul(x, k.ref.transpose([0, 2, 1])); // [b, s, s]
    return np.matmul(nn.softmax(scores, -1), k).sum(1); // [b, d]
  });
  return (await f(q, w).data()) as Float32Array;
}
