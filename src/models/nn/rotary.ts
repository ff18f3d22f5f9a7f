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

/**
 * Applies rotary positions to x [..., headDim] with tables broadcastable to x (e.g. x
 * [batch, seq, heads, headDim] with tables reshaped to [seq, 1, headDim]).
 */
export function applyRotary(x: np.Array, cos: np.Array, sin: np.Array): np.Array {
  const last = x.ndim - 1;
  const half = x.shape[last] / 2;
  const lead = x.shape.slice(0, last).map(() => [] as []);
  const first = x.ref.slice(...lead, [0, half]); // [..., half]
  const second = x.ref.slice(...lead, [half, 2 * half]);
  const rotated = np.concatenate([second.neg(), first], last); // [..., headDim]
  return x.mul(cos).add(rotated.mul(sin));
}
