import type { HostParams, HostTensor } from './recommender';
import { sizeOf } from './params';

/**
 * Device layout of one tensor axis: `groups` blocks of `real` entries, each zero-padded to
 * `padded` (a multiple of 4, so the Wasm backend's SIMD kernels apply). Plain axes have 1 group.
 */
export interface AxisLayout {
  groups: number;
  real: number;
  padded: number;
}

/** Per-parameter axis layouts; parameters not listed are stored as they are. */
export type ParamLayouts = Record<string, AxisLayout[]>;

/** SIMD lane width of the Wasm backend (float32x4). */
export const LANES = 4;

/** Smallest multiple of `LANES` that is ≥ n. */
export function roundUpToLanes(n: number): number {
  return Math.ceil(n / LANES) * LANES;
}

/** Axis of `real` entries padded to the lane width. */
export function plainAxis(real: number): AxisLayout {
  return { groups: 1, real, padded: roundUpToLanes(real) };
}

/** Axis of `groups` blocks of `real` entries (e.g. heads × head size), each padded to the lane width. */
export function groupedAxis(groups: number, real: number): AxisLayout {
  return { groups, real, padded: roundUpToLanes(real) };
}

/** Unpadded axis of length n. */
export function keptAxis(n: number): AxisLayout {
  return { groups: 1, real: n, padded: n };
}

/** Length of an axis on the device. */
export function deviceLength(axis: AxisLayout): number {
  return axis.groups * axis.padded;
}

/** Length of an axis on the host. */
export function hostLength(axis: AxisLayout): number {
  return axis.groups * axis.real;
}

/** Device index of each host index along an axis. */
function deviceIndices(axis: AxisLayout): Int32Array {
  const out = new Int32Array(hostLength(axis));
  for (let g = 0; g < axis.groups; g++) {
    for (let i = 0; i < axis.real; i++) out[g * axis.real + i] = g * axis.padded + i;
  }
  return out;
}

/** Calls visit(hostOffset, deviceOffset) for every element of a tensor laid out by `axes`. */
function forEachElement(axes: AxisLayout[], visit: (host: number, device: number) => void): void {
  const maps = axes.map(deviceIndices);
  const hostShape = axes.map(hostLength);
  const deviceShape = axes.map(deviceLength);
  const total = sizeOf(hostShape);
  const index = new Array<number>(axes.length).fill(0);
  for (let h = 0; h < total; h++) {
    let d = 0;
    for (let a = 0; a < axes.length; a++) d = d * deviceShape[a] + maps[a][index[a]];
    visit(h, d);
    for (let a = axes.length - 1; a >= 0; a--) {
      if (++index[a] < hostShape[a]) break;
      index[a] = 0;
    }
  }
}

/** Host tensor → device layout (zeros in the padding). */
export function padTensor(t: HostTensor, axes: AxisLayout[]): HostTensor {
  const out = new Float32Array(sizeOf(axes.map(deviceLength)));
  forEachElement(axes, (h, d) => {
    out[d] = t.data[h];
  });
  return { shape: axes.map(deviceLength), data: out };
}

/** Device layout → host tensor (padding dropped). */
export function unpadTensor(t: HostTensor, axes: AxisLayout[]): HostTensor {
  const out = new Float32Array(sizeOf(axes.map(hostLength)));
  forEachElement(axes, (h, d) => {
    out[h] = t.data[d];
  });
  return { shape: axes.map(hostLength), data: out };
}

/** Applies `padTensor` to every parameter with a layout. */
export function padParams(host: HostParams, layouts: ParamLayouts): HostParams {
  const out: HostParams = {};
  for (const [name, t] of Object.entries(host))
    out[name] = name in layouts ? padTensor(t, layouts[name]) : t;
  return out;
}

/** Applies `unpadTensor` to every parameter with a layout. */
export function unpadParams(device: HostParams, layouts: ParamLayouts): HostParams {
  const out: HostParams = {};
  for (const [name, t] of Object.entries(device)) {
    out[name] = name in layouts ? unpadTensor(t, layouts[name]) : t;
  }
  return out;
}

/** [deviceLength] float mask: 1 at real entries, 0 in the padding. */
export function realMask(axis: AxisLayout): Float32Array {
  const out = new Float32Array(deviceLength(axis));
  for (const i of deviceIndices(axis)) out[i] = 1;
  return out;
}
