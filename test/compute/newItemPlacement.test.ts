import { describe, expect, it } from 'vitest';
import { placeByNeighbours, placeNewItem } from '../../src/compute/newItemPlacement';
import { projectionSnapshot } from '../../src/compute/projection';
import { createProjectionService } from '../../src/compute/projectionService';
import { meanDisplacement } from '../../src/compute/procrustes';
import { umapLayout } from '../../src/compute/umapProjection';
import { createRng } from '../../src/random/rng';

/** 60 points in 6-d: 3 tight clusters far apart (20 each, cluster = index % 3). */
function clusters(): Float32Array {
  const rng = createRng(11);
  return Float32Array.from({ length: 60 * 6 }, (_, i) => {
    const row = Math.floor(i / 6);
    return (i % 6 === row % 3 ? 20 : 0) + rng.normal();
  });
}

describe('new item placement and UMAP frames', () => {
  it('places a vector among its nearest rows, on its twin when it has one', () => {
    const rows = Float32Array.from([0, 0, 10, 0, 0, 10]); // [3, 2]
    const layout = Float32Array.from([1, 1, 5, 5, 9, 9]); // [3, 2]
    expect(placeByNeighbours(rows, 2, layout, Float32Array.from([10, 0]), 2)).toEqual([5, 5]);
    const [x, y] = placeByNeighbours(rows, 2, layout, Float32Array.from([1, 0]), 2);
    // 1 from row 0 and 9 from row 1: weights 1 and 1/9.
    expect(x).toBeCloseTo((1 + 5 / 9) / (1 + 1 / 9), 5);
    expect(y).toBeCloseTo(x, 5);
  });

  it('puts a new item by PCA on the saved basis and by UMAP beside its neighbours', () => {
    const data = clusters();
    const items = Int32Array.from({ length: 60 }, (_, i) => i);
    const frame = projectionSnapshot(data, 6, items, 'final', 0);
    const twin = data.slice(4 * 6, 5 * 6);
    const [px, py] = placeNewItem(frame, 'pca', null, twin) ?? [NaN, NaN];
    expect(px).toBeCloseTo(frame.coords[8], 4);
    expect(py).toBeCloseTo(frame.coords[9], 4);
    const layout = umapLayout(data, 60, 6, { seed: 1, nEpochs: 50 });
    const near = twin.map((v) => v + 0.01);
    const placed = placeNewItem(frame, 'umap', layout, near);
    expect(placed).not.toBeNull();
    expect(placeNewItem(frame, 'umap', null, near)).toBeNull();
    expect(placeNewItem(frame, 'pca', null, new Float32Array(3))).toBeNull();
    // Within the span of its own cluster (cluster 1) of the layout.
    const own = Array.from({ length: 20 }, (_, k) => 3 * k + 1);
    const xs = own.map((r) => layout[2 * r]);
    expect(placed?.[0]).toBeGreaterThanOrEqual(Math.min(...xs));
    expect(placed?.[0]).toBeLessThanOrEqual(Math.max(...xs));
  });

  it('lays out the same frame the same way for a seed, keeping clusters apart', () => {
    const data = clusters();
    const a = umapLayout(data, 60, 6, { seed: 5, nEpochs: 50 });
    const b = umapLayout(data, 60, 6, { seed: 5, nEpochs: 50 });
    expect(Array.from(a)).toEqual(Array.from(b));
    const centre = (c: number) => {
      let x = 0;
      let y = 0;
      for (let k = c; k < 60; k += 3) {
        x += a[2 * k] / 20;
        y += a[2 * k + 1] / 20;
      }
      return [x, y];
    };
    const spread = (c: number) => {
      const [cx, cy] = centre(c);
      let s = 0;
      for (let k = c; k < 60; k += 3) s += Math.hypot(a[2 * k] - cx, a[2 * k + 1] - cy) / 20;
      return s;
    };
    const [c0, c1] = [centre(0), centre(1)];
    expect(Math.hypot(c0[0] - c1[0], c0[1] - c1[1])).toBeGreaterThan(2 * spread(0));
    expect(umapLayout(data.subarray(0, 12), 2, 6, { seed: 1 })).toEqual(
      Float32Array.from([0, 0, 1, 0]),
    );
  });

  it('aligns a UMAP frame onto the previous one in the projection service', async () => {
    const data = clusters();
    const service = createProjectionService();
    const first = await service.umapFrame(data, 6, null, 3);
    const drifted = data.map((v, i) => v + 0.05 * Math.sin(i));
    const aligned = await service.umapFrame(drifted, 6, first, 4);
    const raw = umapLayout(drifted, 60, 6, { seed: 4 });
    expect(meanDisplacement(aligned, first)).toBeLessThan(meanDisplacement(raw, first));
  });
});
