import { describe, expect, it } from 'vitest';
import { pca } from '../../src/compute/pca';
import { createRng } from '../../src/random/rng';

/** `rows` points u·a + v·b + noise in `dim` dimensions, a ~ N(0, 3²), b ~ N(0, 1), noise ~ N(0, 0.05²). */
function planted(rows: number, dim: number, u: number[], v: number[]): Float32Array {
  const rng = createRng(7);
  const gauss = () => {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    return r * Math.cos(2 * Math.PI * rng.next());
  };
  const data = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const a = 3 * gauss();
    const b = gauss();
    for (let i = 0; i < dim; i++) data[r * dim + i] = 5 + a * u[i] + b * v[i] + 0.05 * gauss();
  }
  return data;
}

function unit(values: number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((x) => x / norm);
}

describe('pca', () => {
  it('recovers planted directions in order of variance', () => {
    const dim = 6;
    const u = unit([1, 2, 0, -1, 0, 1]);
    const v = unit([2, -1, 1, 0, 0, 0]);
    const vOrth = unit(v.map((x, i) => x - v.reduce((s, y, j) => s + y * u[j], 0) * u[i]));
    const result = pca(planted(2000, dim, u, vOrth), 2000, dim);
    const first = Array.from(result.components.subarray(0, dim));
    const second = Array.from(result.components.subarray(dim, 2 * dim));
    const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(Math.abs(dot(first, u))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(second, vOrth))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(first, second))).toBeLessThan(1e-9);
    expect(result.variances[0]).toBeGreaterThan(7);
    expect(result.variances[0]).toBeLessThan(11);
    expect(result.explained[0] + result.explained[1]).toBeGreaterThan(0.99);
  });

  it('matches the closed-form eigenvalues of a 2×2 covariance and centres the coordinates', () => {
    const rng = createRng(3);
    const rows = 500;
    const data = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const x = rng.next() * 4 - 1;
      data[r * 2] = x;
      data[r * 2 + 1] = 0.5 * x + rng.next();
    }
    const mean = [0, 1].map(
      (c) => data.filter((_, i) => i % 2 === c).reduce((s, x) => s + x, 0) / rows,
    );
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let r = 0; r < rows; r++) {
      const dx = data[r * 2] - mean[0];
      const dy = data[r * 2 + 1] - mean[1];
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    const [a, b, c] = [sxx / rows, sxy / rows, syy / rows];
    const root = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const result = pca(data, rows, 2);
    expect(result.variances[0]).toBeCloseTo((a + c) / 2 + root, 6);
    expect(result.variances[1]).toBeCloseTo((a + c) / 2 - root, 6);
    for (const k of [0, 1]) {
      let sum = 0;
      let squares = 0;
      for (let r = 0; r < rows; r++) {
        sum += result.coords[r * 2 + k];
        squares += result.coords[r * 2 + k] ** 2;
      }
      expect(Math.abs(sum / rows)).toBeLessThan(1e-4);
      expect(squares / rows).toBeCloseTo(result.variances[k], 4);
    }
  });

  it('returns zero coordinates and explained variance for identical rows', () => {
    const data = new Float32Array(12).fill(2.5);
    const result = pca(data, 4, 3);
    expect(Array.from(result.coords)).toEqual(new Array(8).fill(0));
    expect(result.explained).toEqual([0, 0]);
  });

  it('refuses data whose length does not match its shape', () => {
    expect(() => pca(new Float32Array(5), 2, 3)).toThrow(/expected 2×3 = 6 values, got 5/);
    expect(() => pca(new Float32Array(6), 2, 3, 4)).toThrow(/1 ≤ k ≤ dim/);
  });
});
