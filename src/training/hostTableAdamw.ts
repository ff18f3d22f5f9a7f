import { numpy as np } from '@jax-js/jax';
import type { HostTensor } from '../models/recommender';
import { MAX_GROUP_FLOATS, type GroupedAdamw } from './groupedAdamw';

/** AdamW's moments of a parameter kept on the host. */
export interface HostMoments {
  m: Float32Array;
  v: Float32Array;
}

/** Zero moments for a host parameter of `size` values. */
export function initHostMoments(size: number): HostMoments {
  return { m: new Float32Array(size), v: new Float32Array(size) };
}

/** Row ranges of a [rows, width] table in chunks of at most `MAX_GROUP_FLOATS` values. */
function rowChunks(rows: number, width: number): [number, number][] {
  const step = Math.max(1, Math.floor(MAX_GROUP_FLOATS / width));
  const out: [number, number][] = [];
  for (let start = 0; start < rows; start += step) out.push([start, Math.min(rows, start + step)]);
  return out;
}

/** [end − start, width] rows of a row-major host array, on the device. */
const upload = (data: Float32Array, start: number, end: number, width: number) =>
  np.array(data.subarray(start * width, end * width)).reshape([end - start, width]);

/**
 * Sum of squares [] of a host gradient ([rows, width] row-major), computed on the device chunk by
 * chunk (for a global clipping norm over device and host gradients).
 */
export async function hostSquaredNorm(
  optimizer: GroupedAdamw,
  grad: Float32Array,
  width: number,
): Promise<np.Array> {
  let total: np.Array = np.array(0);
  for (const [start, end] of rowChunks(grad.length / width, width)) {
    const g = upload(grad, start, end, width);
    total = await total.add(optimizer.squaredNorm({ g })).blockUntilReady();
    g.dispose();
  }
  return total;
}

/**
 * One AdamW step of a parameter that lives on the host (`table`, its gradient `grad`, its
 * moments): the same update `optimizer` applies to device parameters, run on the device one
 * chunk of rows at a time, the new values and moments written back in place. `coef` (borrowed)
 * scales the gradient (the global clipping coefficient); without it the optimizer's own rule
 * applies to each chunk, which is only right when clipping is off.
 */
export async function hostTableAdamw(
  optimizer: GroupedAdamw,
  name: string,
  table: HostTensor,
  grad: Float32Array,
  moments: HostMoments,
  t: number,
  lr: number,
  coef?: np.Array,
): Promise<void> {
  const [rows, width] = table.shape;
  for (const [start, end] of rowChunks(rows, width)) {
    const next = await optimizer.step(
      { [name]: upload(table.data, start, end, width) },
      { [name]: upload(grad, start, end, width) },
      {
        m: { [name]: upload(moments.m, start, end, width) },
        v: { [name]: upload(moments.v, start, end, width) },
      },
      t,
      lr,
      coef?.ref,
    );
    const at = start * width;
    table.data.set((await next.params[name].data()) as Float32Array, at);
    moments.m.set((await next.state.m[name].data()) as Float32Array, at);
    moments.v.set((await next.state.v[name].data()) as Float32Array, at);
  }
}
