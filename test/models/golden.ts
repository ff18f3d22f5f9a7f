import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { HostParams } from '../../src/models/recommender';

/** A tensor as stored in the golden JSON files. */
export interface GoldenTensor {
  shape: number[];
  data: number[];
}

/** Reads test/fixtures/golden/<name> (written by scripts/reference/make_golden.py). */
export function loadGolden<T>(name: string): T {
  const path = join(__dirname, '..', 'fixtures', 'golden', name);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Golden tensors as float32 host parameters. */
export function hostParams(tensors: Record<string, GoldenTensor>): HostParams {
  const out: HostParams = {};
  for (const [name, t] of Object.entries(tensors)) {
    out[name] = { shape: t.shape, data: Float32Array.from(t.data) };
  }
  return out;
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| element-wise, naming the first mismatch. */
export function expectClose(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 1e-4,
): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (tol + tol * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}[${worst}]: got ${actual[worst]}, expected ${expected[worst]} (tolerance ${tol})`,
    );
  }
}
