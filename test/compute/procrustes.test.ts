import { describe, expect, it } from 'vitest';
import {
  alignFrame,
  applyAlignment,
  meanDisplacement,
  procrustes2d,
  type Alignment2d,
} from '../../src/compute/procrustes';
import { createRng } from '../../src/random/rng';

function cloud(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, () => rng.normal());
}

function expectClose(a: Float32Array, b: Float32Array, digits: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
}

describe('procrustes2d', () => {
  const points = cloud(50, 1);
  const angle = 2.1;
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const cases: [string, Alignment2d][] = [
    ['a rotation', { rotation: [c, -s, s, c], scale: 1, translation: [3, -2] }],
    ['a reflection', { rotation: [c, s, s, -c], scale: 1, translation: [-1, 5] }],
    ['a scaled rotation', { rotation: [c, -s, s, c], scale: 2.5, translation: [0.5, 0.25] }],
  ];
  for (const [name, truth] of cases) {
    it(`recovers ${name} with translation exactly`, () => {
      const moved = applyAlignment(points, truth);
      const found = procrustes2d(points, moved);
      found.rotation.forEach((v, i) => expect(v).toBeCloseTo(truth.rotation[i], 5));
      expect(found.scale).toBeCloseTo(truth.scale, 5);
      expect(found.translation[0]).toBeCloseTo(truth.translation[0], 5);
      expect(found.translation[1]).toBeCloseTo(truth.translation[1], 5);
      expectClose(applyAlignment(points, found), moved, 4);
    });
  }

  it('maps a mirrored frame back with a reflection (determinant −1), not a rotation', () => {
    const mirrored = points.map((v, i) => (i % 2 === 0 ? -v : v));
    const { rotation } = procrustes2d(mirrored, points);
    expect(rotation[0] * rotation[3] - rotation[1] * rotation[2]).toBeCloseTo(-1, 6);
    expectClose(alignFrame(mirrored, points).coords, points, 5);
  });

  it('leaves a first frame as it is and rejects frames of different sizes', () => {
    expect(alignFrame(points, null).coords).toBe(points);
    expect(() => procrustes2d(points, points.subarray(2))).toThrow(/same \[n, 2\] shape/);
  });

  it('moves successive noisy frames less once aligned than as they come', () => {
    // Each frame: the previous one drifted a little, then spun and mirrored as a fresh layout may be.
    const rng = createRng(7);
    let truth = cloud(200, 3);
    let previous: Float32Array | null = null;
    let aligned = 0;
    let unaligned = 0;
    for (let f = 0; f < 6; f++) {
      truth = truth.map((v) => v + 0.05 * rng.normal());
      const a = rng.next() * 2 * Math.PI;
      const [ca, sa] = [Math.cos(a), Math.sin(a)];
      const flip = f % 2 === 0 ? 1 : -1;
      const raw = applyAlignment(truth, {
        rotation: [ca, -sa * flip, sa, ca * flip],
        scale: 1,
        translation: [rng.normal(), rng.normal()],
      });
      if (previous !== null) {
        const { coords } = alignFrame(raw, previous);
        aligned += meanDisplacement(coords, previous);
        unaligned += meanDisplacement(raw, previous);
        previous = coords;
      } else previous = raw;
    }
    expect(aligned).toBeLessThan(0.2 * unaligned);
    // Aligned, a point moves about as far as its drift (0.05 per coordinate), no more.
    expect(aligned / 5).toBeLessThan(0.15);
  });
});
