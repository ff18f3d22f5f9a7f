import { fitToBox } from './fitToBox';

/**
 * Maps several sets of 2-D points ([n_i, 2] each) into one `width`×`height` box with the same
 * scale and centre (`fitToBox` over all of them), so that frames drawn one after another share
 * their axes; returns each set's screen positions.
 */
export function fitTogether(
  parts: readonly Float32Array[],
  width: number,
  height: number,
  pad: number,
): Float32Array[] {
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  const fitted = fitToBox(all, width, height, pad);
  offset = 0;
  return parts.map((p) => {
    const out = fitted.slice(offset, offset + p.length);
    offset += p.length;
    return out;
  });
}
