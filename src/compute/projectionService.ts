import { transfer } from 'comlink';
import { alignFrame } from './procrustes';
import { umapLayout } from './umapProjection';

/** What the projection worker exposes: seeded UMAP layouts of projection frames. */
export interface ProjectionService {
  /**
   * A seeded UMAP layout of one frame's `rows` ([n, dim]): [n, 2], aligned onto `previous`
   * ([n, 2], the same items' layout one frame earlier) by Procrustes when given.
   */
  umapFrame(
    rows: Float32Array,
    dim: number,
    previous: Float32Array | null,
    seed: number,
  ): Promise<Float32Array>;
}

/** The projection service over the core's UMAP and alignment functions. */
export function createProjectionService(): ProjectionService {
  return {
    umapFrame: async (rows, dim, previous, seed) => {
      const layout = umapLayout(rows, rows.length / dim, dim, { seed });
      const { coords } = alignFrame(layout, previous);
      return transfer(coords, [coords.buffer]);
    },
  };
}
