import { numpy as np } from '@jax-js/jax';
import type { HostParams, HostTensor } from './recommender';
import { createRng } from '../random/rng';

/** Device parameters by Hugging Face-style dotted name. */
export type Params = Record<string, np.Array>;

/** How one parameter is initialised: N(0, std²), U(-bound, bound), or a constant fill. */
export type ParamInit = { shape: number[] } & (
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; bound: number }
  | { kind: 'fill'; value: number }
);

/** Initialisers by parameter name; insertion order fixes the order random numbers are drawn. */
export type ParamSpecs = Record<string, ParamInit>;

/** Element count of a shape. */
export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Draws host parameters from `specs` with a seeded generator (same seed, same values). */
export function initHostParams(specs: ParamSpecs, seed: number): HostParams {
  const rng = createRng(seed);
  const out: HostParams = {};
  for (const [name, spec] of Object.entries(specs)) {
    const data = new Float32Array(sizeOf(spec.shape));
    if (spec.kind === 'normal') {
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * spec.std;
    } else if (spec.kind === 'uniform') {
      for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * spec.bound;
    } else {
      data.fill(spec.value);
    }
    out[name] = { shape: [...spec.shape], data };
  }
  return out;
}

/** How weights are stored on the device: float32, or float16 (WebGPU with `shader-f16`). */
export type StorageDtype = 'float32' | 'float16';

/** Uploads host tensors to the default device, stored as `dtype` (float32 by default). */
export function toDevice(host: HostParams, dtype: StorageDtype = 'float32'): Params {
  const out: Params = {};
  for (const [name, t] of Object.entries(host)) {
    const a = np.array(t.data).reshape(t.shape);
    out[name] = dtype === 'float16' ? a.astype(np.float16) : a;
  }
  return out;
}

/** Copies device parameters to the host without consuming them. */
export async function toHost(params: Params): Promise<HostParams> {
  const out: HostParams = {};
  for (const [name, a] of Object.entries(params)) {
    const data = (await a.ref.data()) as Float32Array;
    out[name] = { shape: [...a.shape], data: Float32Array.from(data) };
  }
  return out;
}

/** Throws unless `host` has exactly the names and shapes of `expected`. */
export function checkHostParams(
  host: HostParams,
  expected: Record<string, HostTensor | ParamInit>,
): void {
  const want = Object.keys(expected);
  const got = Object.keys(host);
  const missing = want.filter((n) => !(n in host));
  const extra = got.filter((n) => !(n in expected));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `parameters do not match the model: missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const name of want) {
    const a = host[name];
    const shape = expected[name].shape;
    if (a.shape.join(',') !== shape.join(',') || a.data.length !== sizeOf(shape)) {
      throw new Error(
        `parameter ${name}: expected shape [${shape.join(', ')}], found [${a.shape.join(', ')}] with ${a.data.length} values`,
      );
    }
  }
}
