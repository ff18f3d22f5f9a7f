/**
 * Maps 2-D points ([n, 2] row-major) into a `width`×`height` box with `pad` pixels of margin,
 * keeping their aspect ratio and centring them; y grows upwards in the data and downwards on
 * screen. Identical points land in the centre.
 */
export function fitToBox(
  coords: Float32Array,
  width: number,
  height: number,
  pad: number,
): Float32Array {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    minX = Math.min(minX, coords[i]);
    maxX = Math.max(maxX, coords[i]);
    minY = Math.min(minY, coords[i + 1]);
    maxY = Math.max(maxY, coords[i + 1]);
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const scale = Math.min(
    spanX > 0 ? innerW / spanX : Infinity,
    spanY > 0 ? innerH / spanY : Infinity,
  );
  const s = Number.isFinite(scale) ? scale : 0;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const out = new Float32Array(coords.length); // [n, 2]
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = width / 2 + (coords[i] - cx) * s;
    out[i + 1] = height / 2 - (coords[i + 1] - cy) * s;
  }
  return out;
}
