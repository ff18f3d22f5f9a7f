import type {
  ColourField,
  ProjectionContext,
  ProjectionSnapshot,
} from '../../src/compute/projection';
import { IDENTITY_ALIGNMENT } from '../../src/compute/procrustes';

/** A colour field with the given category names and codes (no `other` bucket). */
export function fakeField(field: string, names: string[], codes: number[]): ColourField {
  return { field, label: field, names, hasOther: false, codes: Uint8Array.from(codes) };
}

/** A projection context over `n` items (item i cold when `cold` includes it). */
export function fakeContext(
  fields: ColourField[],
  options: { n?: number; runId?: number; model?: string; cold?: number[] } = {},
): ProjectionContext {
  const n = options.n ?? 2;
  return {
    kind: 'context',
    runId: options.runId ?? 0,
    model: options.model ?? 'sasrec',
    seed: 1,
    items: Int32Array.from({ length: n }, (_, i) => i),
    cold: Uint8Array.from({ length: n }, (_, i) => (options.cold?.includes(i) ? 1 : 0)),
    titles: Array.from({ length: n }, (_, i) => `item ${i}`),
    fields,
    histories: [{ user: 'u1', points: [0, 1] }],
  };
}

/**
 * A snapshot whose PCA coordinates are `coords` ([n, 2]) and whose embedding rows are the same
 * points (dim 2, identity basis); `separation` per field.
 */
export function fakeSnapshot(
  label: string,
  coords: number[],
  separation: number[] = [],
  step = 1,
): ProjectionSnapshot {
  return {
    kind: 'snapshot',
    label,
    step,
    coords: Float32Array.from(coords),
    explained: [0.6, 0.3],
    dim: 2,
    rows: Float32Array.from(coords),
    basis: {
      mean: new Float32Array(2),
      components: Float32Array.from([1, 0, 0, 1]),
      alignment: IDENTITY_ALIGNMENT,
    },
    separation,
  };
}
