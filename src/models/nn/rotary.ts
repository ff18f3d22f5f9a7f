import { numpy as np } from '@jax-js/jax';

/** Rotary tables for positions 0..seq-1 (Hugging Face layout, frequencies repeated over both halves). */
export interface RotaryTables {
  /** [seq, headDim] */
  cos: np.Array;
  /** [seq, headDim] */
  sin: np.Array;
}

/** Computes RoPE cos/sin tables in float64 on the host, then stores them as float32. */
export function rotaryTables(seq: number, headDim: number, theta: number): RotaryTables {
  const half = headDim / 2;
  const cos = new Float32Array(seq * headDim);
  const sin = new Float32Array(seq * headDim);
  for (let p = 0; p < seq; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p / Math.pow(theta, (2 * i) / headDim);
      cos[p * headDim + i] = cos[p * headDim + i + half] = Math.cos(angle);
      sin[p * headDim + i] = sin[p * headDim + i + half] = Math.sin(angle);
    }
  }
  return {
    cos: np.array(cos).reshape([seq, headDim]),
    sin: np.array(sin).reshape([seq, headDim]),
  };
}

/** Applies rotary positions: x [batch, heads, seq, headDim] with tables [seq, headDim]. */
export function applyRotary(x: np.Array, cos: np.Array, sin: np.Array): np.Array {
  const half = x.shape[3] / 2;
  const first = x.ref.slice([], [], [], [0, half]); // [b, h, s, half]
  const second = x.ref.slice([], [], [], [half, 2 * half]);
  const rotated = np.concatenate([second.neg(), first], 3); // [b, h, s, headDim]
  return x.mul(cos).add(rotated.mul(sin));
}
