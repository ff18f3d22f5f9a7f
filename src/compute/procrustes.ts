/**
 * A 2-D similarity transform `y = scale · R · x + translation`, with `R` orthogonal: a rotation
 * or a reflection.
 */
export interface Alignment2d {
  /** [2, 2] row-major orthogonal matrix (determinant +1 rotation, −1 reflection). */
  rotation: [number, number, number, number];
  scale: number;
  translation: [number, number];
}

/** The transform that changes nothing. */
export const IDENTITY_ALIGNMENT: Alignment2d = {
  rotation: [1, 0, 0, 1],
  scale: 1,
  translation: [0, 0],
};

function means(points: Float32Array, n: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += points[2 * i];
    y += points[2 * i + 1];
  }
  return [x / n, y / n];
}

/**
 * Orthogonal Procrustes in 2-D with scale and translation: the `Alignment2d` that best maps
 * `source` onto `target` (both [n, 2] row-major, row i of one matching row i of the other) in
 * least squares. Reflections are allowed, since a fresh PCA or UMAP layout may come out mirrored.
 * Closed form: with M = Σ (y − ȳ)(x − x̄)ᵀ the 2×2 cross-covariance, the best rotation reaches
 * √((m00 + m11)² + (m10 − m01)²) and the best reflection √((m00 − m11)² + (m01 + m10)²) (these are
 * σ1 + σ2 and |σ1 − σ2| of M's SVD, and the larger one's R equals U·Vᵀ); the scale is that
 * maximum over Σ |x − x̄|².
 */
export function procrustes2d(source: Float32Array, target: Float32Array): Alignment2d {
  if (source.length !== target.length || source.length % 2 !== 0) {
    throw new RangeError(
      `procrustes2d: source and target need the same [n, 2] shape (${source.length} and ${target.length} values)`,
    );
  }
  const n = source.length / 2;
  if (n === 0) return IDENTITY_ALIGNMENT;
  const [sx, sy] = means(source, n);
  const [tx, ty] = means(target, n);
  let m00 = 0;
  let m01 = 0;
  let m10 = 0;
  let m11 = 0;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    const x0 = source[2 * i] - sx;
    const x1 = source[2 * i + 1] - sy;
    const y0 = target[2 * i] - tx;
    const y1 = target[2 * i + 1] - ty;
    m00 += y0 * x0;
    m01 += y0 * x1;
    m10 += y1 * x0;
    m11 += y1 * x1;
    spread += x0 * x0 + x1 * x1;
  }
  const rotationFit = Math.hypot(m00 + m11, m10 - m01);
  const reflectionFit = Math.hypot(m00 - m11, m01 + m10);
  let rotation: Alignment2d['rotation'];
  let fit: number;
  if (rotationFit >= reflectionFit) {
    const angle = Math.atan2(m10 - m01, m00 + m11);
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    rotation = [c, -s, s, c];
    fit = rotationFit;
  } else {
    const angle = Math.atan2(m01 + m10, m00 - m11);
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    rotation = [c, s, s, -c];
    fit = reflectionFit;
  }
  const scale = spread > 0 ? fit / spread : 1;
  const [r00, r01, r10, r11] = rotation;
  return {
    rotation,
    scale,
    translation: [tx - scale * (r00 * sx + r01 * sy), ty - scale * (r10 * sx + r11 * sy)],
  };
}

/** `points` ([n, 2] row-major) moved by `alignment`: a new [n, 2] array. */
export function applyAlignment(points: Float32Array, alignment: Alignment2d): Float32Array {
  const [r00, r01, r10, r11] = alignment.rotation;
  const { scale } = alignment;
  const [t0, t1] = alignment.translation;
  const out = new Float32Array(points.length); // [n, 2]
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    out[i] = scale * (r00 * x + r01 * y) + t0;
    out[i + 1] = scale * (r10 * x + r11 * y) + t1;
  }
  return out;
}

/**
 * `frame` ([n, 2]) aligned onto `previous` (the same n points one frame earlier) by
 * `procrustes2d`, so that points move between frames instead of flipping or spinning; `frame`
 * itself and the identity when there is no previous frame. Returns the aligned frame and the
 * transform, which also places further points (e.g. a new item) in the aligned frame.
 */
export function alignFrame(
  frame: Float32Array,
  previous: Float32Array | null,
): { coords: Float32Array; alignment: Alignment2d } {
  if (previous === null) return { coords: frame, alignment: IDENTITY_ALIGNMENT };
  const alignment = procrustes2d(frame, previous);
  return { coords: applyAlignment(frame, alignment), alignment };
}

/** Mean distance between matching points of two [n, 2] frames. */
export function meanDisplacement(a: Float32Array, b: Float32Array): number {
  const n = a.length / 2;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]);
  return n > 0 ? total / n : 0;
}
